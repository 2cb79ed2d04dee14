package org.tem.examples.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CsvReportsTest {
    @Test
    void numbersArePlainRoundedToSixDecimalsAndNeverNegativeZero() {
        assertEquals("0", CsvReports.number(0.0));
        assertEquals("0", CsvReports.number(-0.0));
        assertEquals("0", CsvReports.number(-4e-7), "rounds to zero: no -0");
        assertEquals("-0.000001", CsvReports.number(-6e-7));
        assertEquals("1.5", CsvReports.number(1.5));
        assertEquals("0.123457", CsvReports.number(0.1234567));
        assertEquals("12345678.9", CsvReports.number(12345678.9));
        assertEquals("0.00001", CsvReports.number(1e-5), "plain, not 1.0E-5");
        assertEquals("", CsvReports.number(Double.NaN));
    }
}
