package org.tem.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The derivation rules, one by one, and the embedded copy against a fresh derivation. */
class DeriveCityLearnTest {
    /** The source files: beside the repository in CI, absent in a fresh clone. */
    private static final Path SOURCE = Path.of("../../shared/data/citylearn2022-homes");
    private static final Path EMBEDDED = Path.of("src/main/resources/org/tem/examples/data/citylearn");

    @Test
    void embeddedCopyEqualsWhatTheGeneratorDerivesFromTheSources() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(SOURCE.resolve("households.csv")),
                "source data not present at " + SOURCE.toAbsolutePath() + " (it is in CI, not in a fresh clone)");
        DeriveCityLearn.Derived derived = DeriveCityLearn.derive(SOURCE);
        assertArrayEquals(Files.readAllBytes(EMBEDDED.resolve("homes.csv")), derived.homes(), "homes.csv");
        assertArrayEquals(gunzip(EMBEDDED.resolve("hourly.csv.gz")), derived.hourly(), "hourly.csv.gz, decompressed");
        assertArrayEquals(gunzip(EMBEDDED.resolve("wind.csv.gz")), derived.wind(), "wind.csv.gz, decompressed");
        assertArrayEquals(Files.readAllBytes(EMBEDDED.resolve("LICENSE-CityLearn-MIT.txt")), derived.license(),
                "the licence travels with the data");
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    @Test
    void gzip_isReproducibleAndHasAFixedHeader() throws IOException {
        byte[] text = "time,home,load_wh,pv_wh,flag\n".repeat(100).getBytes(StandardCharsets.US_ASCII);
        byte[] a = DeriveCityLearn.gzip(text);
        assertArrayEquals(a, DeriveCityLearn.gzip(text));
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, (byte) 0xff},
                java.util.Arrays.copyOf(a, 10), "no name, modification time 0");
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(a))) {
            assertArrayEquals(text, in.readAllBytes());
        }
    }

    @Test
    void wh_roundsTheExactDecimalHalfUp() {
        assertEquals(2276, DeriveCityLearn.wh("2.2758"));
        assertEquals(1, DeriveCityLearn.wh("0.0005"));
        assertEquals(0, DeriveCityLearn.wh("0.0004"));
        assertEquals(0, DeriveCityLearn.wh("0.0000"));
        assertEquals(162, DeriveCityLearn.wh("0.16185"));
        assertEquals(1000, DeriveCityLearn.wh("1.00024"));
        assertThrows(IllegalArgumentException.class, () -> DeriveCityLearn.wh("-0.1"));
        assertThrows(IllegalArgumentException.class, () -> DeriveCityLearn.wh("1e3"));
        assertThrows(IllegalArgumentException.class, () -> DeriveCityLearn.wh(""));
    }

    /** Hourly local times of {@code days} days from 2017-01-01 00:00. */
    private static LocalDateTime[] clock(int days) {
        LocalDateTime[] t = new LocalDateTime[days * 24];
        for (int k = 0; k < t.length; k++) {
            t[k] = LocalDateTime.of(2017, 1, 1, 0, 0).plusHours(k);
        }
        return t;
    }

    @Test
    void fillLoadGaps_takesTheMeanOfTheSameHourOnTheNearestMeasuredDays() throws DataException {
        int[] wh = new int[5 * 24];
        byte[] kind = new byte[wh.length];
        for (int k = 0; k < wh.length; k++) {
            wh[k] = 100 * (k / 24) + k % 24; // day d, hour h: 100·d + h
        }
        // day 2 hours 19-21 missing; day 1 hour 20 missing too, so hour 20 looks two days back
        for (int h = 19; h <= 21; h++) {
            kind[48 + h] = DeriveCityLearn.MISSING;
            wh[48 + h] = 0;
        }
        kind[24 + 20] = DeriveCityLearn.MISSING;
        wh[24 + 20] = 0;
        assertEquals(4, DeriveCityLearn.fillLoadGaps(wh, kind, clock(5)));
        assertEquals((119 + 319 + 1) / 2, wh[48 + 19]); // days 1 and 3: 219 is their mean
        assertEquals(219, wh[48 + 19]);
        assertEquals((20 + 320 + 1) / 2, wh[48 + 20]); // day 0 (day 1 missing) and day 3
        assertEquals((121 + 321 + 1) / 2, wh[48 + 21]);
        assertEquals((20 + 320 + 1) / 2, wh[24 + 20]); // day 0 and day 3 (day 2 missing): 170
        assertEquals(170, wh[24 + 20]);
        assertEquals(18, wh[18], "measured hours are kept");
    }

    @Test
    void fillLoadGaps_usesOneSideAtTheEndsAndNeverCopiesOrFilledValues() throws DataException {
        byte[] kind = new byte[24 * 3];
        int[] values = new int[24 * 3];
        values[5] = 7;
        values[24 + 5] = 999;
        kind[24 + 5] = DeriveCityLearn.DST_COPY; // not a source
        values[48 + 5] = 0;
        kind[48 + 5] = DeriveCityLearn.MISSING;
        kind[0] = DeriveCityLearn.MISSING;
        values[24] = 24;
        assertEquals(2, DeriveCityLearn.fillLoadGaps(values, kind, clock(3)));
        assertEquals(7, values[48 + 5], "only the earlier side, skipping the copied hour");
        assertEquals(24, values[0], "only the later side at the start");
    }

    @Test
    void fillLoadGaps_failsWhenNoDayWithinAWeekIsMeasured() {
        int days = 2 * DeriveCityLearn.MAX_NEIGHBOUR_DAYS + 1;
        int[] values = new int[days * 24];
        byte[] kind = new byte[values.length];
        for (int d = 0; d < days; d++) {
            kind[d * 24 + 3] = DeriveCityLearn.MISSING;
        }
        kind[0 * 24 + 3] = DeriveCityLearn.MEASURED; // eight days before day 8: too far
        DataException e = assertThrows(DataException.class,
                () -> DeriveCityLearn.fillLoadGaps(values, kind, clock(days)));
        assertEquals("load gap at 2017-01-09T03:00: no measured value at the same hour within 7 days", e.getMessage());
    }

    @Test
    void fillLoadGaps_looksUpTheLocalClockAcrossDaylightSavingChanges() throws DataException {
        // Local clock of 2016-11-05 00:00 PDT .. 2016-11-07 23:00 PST: 01:00 occurs twice on the 6th.
        java.time.ZoneId la = java.time.ZoneId.of("America/Los_Angeles");
        Instant start = java.time.ZonedDateTime.of(2016, 11, 5, 0, 0, 0, 0, la).toInstant();
        int hours = 73;
        LocalDateTime[] local = new LocalDateTime[hours];
        int[] values = new int[hours];
        byte[] kind = new byte[hours];
        for (int k = 0; k < hours; k++) {
            local[k] = LocalDateTime.ofInstant(start.plusSeconds(3600L * k), la);
            values[k] = k;
        }
        int target = 50; // hours 25 and 26 are both 01:00 on the 6th, so the 7th's 01:00 is hour 50
        assertEquals(LocalDateTime.of(2016, 11, 7, 1, 0), local[target]);
        assertEquals(local[25], local[26]);
        kind[target] = DeriveCityLearn.MISSING;
        DeriveCityLearn.fillLoadGaps(values, kind, local);
        // the 6th at 01:00 is looked up at its first occurrence (PDT, hour index 25), the 8th is absent
        assertEquals(25, values[target]);
    }

    @Test
    void fillWindGaps_interpolatesShortGapsExactly() throws DataException {
        int[] v = {828, 0, 659, 100, 0, 0, 0, 200};
        boolean[] missing = {false, true, false, false, true, true, true, false};
        assertEquals(4, DeriveCityLearn.fillWindGaps(v, missing));
        assertArrayEquals(new int[] {828, 744, 659, 100, 125, 150, 175, 200}, v);
    }

    @Test
    void fillWindGaps_copiesALongGapFromWholeDaysEarlier() throws DataException {
        int n = 30; // > 24: copied from ceil(30 / 24) = 2 days earlier
        int[] v = new int[48 + 10 + n + 5];
        boolean[] missing = new boolean[v.length];
        for (int k = 0; k < v.length; k++) {
            v[k] = k;
        }
        int start = 58;
        for (int k = start; k < start + n; k++) {
            missing[k] = true;
            v[k] = -1;
        }
        assertEquals(n, DeriveCityLearn.fillWindGaps(v, missing));
        for (int k = start; k < start + n; k++) {
            assertEquals(k - 48, v[k]);
        }
        assertEquals(start + n, v[start + n]);
    }

    @Test
    void fillWindGaps_refusesToCopyFromHoursThatWereNotMeasured() {
        int[] v = new int[100];
        boolean[] missing = new boolean[100];
        for (int k = 70; k < 100; k++) {
            missing[k] = true;
        }
        missing[22] = true; // 48 hours before 70: interpolated, but a filled value is not copied
        DataException e = assertThrows(DataException.class, () -> DeriveCityLearn.fillWindGaps(v, missing));
        assertEquals("wind: the gap of 30 hours at hour 70 would copy hour 22, which is not measured", e.getMessage());
    }

    @Test
    void interpolate_roundsHalfUpInBothDirections() {
        assertEquals(11, DeriveCityLearn.interpolate(10, 11, 1, 1)); // 10.5
        assertEquals(11, DeriveCityLearn.interpolate(11, 10, 1, 1)); // 10.5
        assertEquals(3, DeriveCityLearn.interpolate(0, 10, 1, 2)); // 3.33
        assertEquals(7, DeriveCityLearn.interpolate(0, 10, 2, 2)); // 6.67
    }

    @Test
    void alignedWindHour_matchesMonthDayAndHourOfStandardTime() throws DataException {
        Instant windStart = Instant.parse("2018-01-01T00:00:00Z");
        // 2016-08-01T07:00Z = 2016-07-31 23:00 PST -> 2018-07-31T23:00Z
        assertEquals(Instant.parse("2018-07-31T23:00:00Z").getEpochSecond() / 3600 - windStart.getEpochSecond() / 3600,
                DeriveCityLearn.alignedWindHour(Instant.parse("2016-08-01T07:00:00Z"), windStart, 8760));
        // New Year: 2017-01-01T07:00Z = 2016-12-31 23:00 PST -> the last wind hour; 08:00Z -> the first
        assertEquals(8759, DeriveCityLearn.alignedWindHour(Instant.parse("2017-01-01T07:00:00Z"), windStart, 8760));
        assertEquals(0, DeriveCityLearn.alignedWindHour(Instant.parse("2017-01-01T08:00:00Z"), windStart, 8760));
        assertThrows(DataException.class,
                () -> DeriveCityLearn.alignedWindHour(Instant.parse("2016-02-29T12:00:00Z"), windStart, 8760));
    }
}
