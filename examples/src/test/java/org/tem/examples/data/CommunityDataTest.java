package org.tem.examples.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The embedded copy, checked against values read by hand from the source files ({@code households.csv},
 * {@code wind.csv} of the CityLearn 2022 / Kelmarsh source set), so these tests need nothing beside
 * the repository.
 */
class CommunityDataTest {
    private static final CommunityData DATA = CommunityData.embedded();

    @Test
    void embedded_holdsThirteenHomesForAYearOfWholeDays() {
        assertEquals(13, DATA.homes().size());
        assertEquals(8760, DATA.hours());
        assertEquals(365, DATA.days());
        assertEquals(LocalDate.of(2016, 8, 1), DATA.firstDate());
        assertEquals(LocalDate.of(2017, 7, 31), DATA.lastDate());
        assertEquals(List.of("B01", "B02", "B03", "B04", "B05", "B06", "B08", "B09", "B10", "B11", "B13", "B16", "B17"),
                DATA.homes().stream().map(Home::id).toList());
        assertSame(DATA, CommunityData.embedded(), "loaded once, then shared");
    }

    @Test
    void embedded_homesWithFourKilowattsOfPvHaveTheBatteries() {
        for (Home h : DATA.homes()) {
            boolean fourKw = h.pvKw() == 4.0;
            assertEquals(fourKw, h.hasBattery(), h.id());
            assertTrue(fourKw || h.pvKw() == 5.0, h.id());
        }
        assertEquals(List.of("B01", "B02", "B03", "B05", "B06", "B08", "B09"),
                DATA.homes().stream().filter(Home::hasBattery).map(Home::id).toList());
    }

    /** households.csv: 2016-08-01T07:00:00Z,2016-08-01T00:00:00-07:00,B01,2.2758,0.0000, — the first row. */
    @Test
    void embedded_firstHourOfB01IsTheSourceValueInWholeWh() {
        DayData first = DATA.day(0);
        assertEquals(OffsetDateTime.parse("2016-08-01T00:00-07:00"), first.slotStart(0));
        assertEquals(2.276, first.loadKwh("B01")[0]);
        assertEquals(0.0, first.pvKwh("B01")[0]);
        assertEquals(Flag.MEASURED, first.flag("B01", 0));
    }

    /** households.csv: 2017-01-15T20:00:00Z,2017-01-15T12:00:00-08:00,B08,0.3950,1.9312, */
    @Test
    void embedded_winterNoonOfB08IsTheSourceValue() {
        DayData day = DATA.day(LocalDate.of(2017, 1, 15));
        // winter days start at 23:00 PST the evening before, so 12:00 PST is slot 13
        assertEquals(OffsetDateTime.parse("2017-01-14T23:00-08:00"), day.slotStart(0));
        assertEquals(12, day.localHour(13));
        assertEquals(0.395, day.loadKwh("B08")[13]);
        assertEquals(1.931, day.pvKwh("B08")[13]);
        assertEquals(Flag.MEASURED, day.flag("B08", 13));
    }

    /**
     * households.csv: B13 at 2017-07-18 10:00 PDT is load_missing (0.0000, PV 0.4444); the same hour
     * on 07-17 is 0.5876 and on 07-19 is 2.5522, so the fill is (588 + 2552) / 2 = 1570 Wh.
     */
    @Test
    void embedded_loadGapIsTheMeanOfTheSameHourOnTheNeighbouringDaysAndFlagged() {
        DayData day = DATA.day(LocalDate.of(2017, 7, 18));
        assertEquals(10, day.localHour(10));
        assertEquals(1.570, day.loadKwh("B13")[10]);
        assertEquals(0.444, day.pvKwh("B13")[10], "PV of a load gap is kept as measured");
        assertEquals(Flag.LOAD_FILLED, day.flag("B13", 10));
        assertEquals(Flag.MEASURED, day.flag("B13", 9));
    }

    @Test
    void embedded_countsTheFlaggedHoursOfTheSource() {
        int filled = 0;
        int copies = 0;
        int windFilled = 0;
        for (int d = 0; d < DATA.days(); d++) {
            DayData day = DATA.day(d);
            for (int t = 0; t < DayData.SLOTS; t++) {
                for (Home h : DATA.homes()) {
                    Flag f = day.flag(h.id(), t);
                    filled += f == Flag.LOAD_FILLED ? 1 : 0;
                    copies += f == Flag.DST_COPY ? 1 : 0;
                }
                windFilled += day.windFlag(t) == Flag.FILLED ? 1 : 0;
            }
        }
        assertEquals(836, filled, "load_missing rows of the source");
        assertEquals(13, copies, "dst_repeat_copy rows of the source");
        assertEquals(288, windFilled, "empty hours of the wind source");
    }

    /** The day daylight saving time ends keeps 24 slots: the repeated 01:00 is slot 2, a copy of slot 1. */
    @Test
    void embedded_repeatedHourWhenDaylightSavingTimeEndsIsACopyOfTheFirst() {
        DayData day = DATA.day(LocalDate.of(2016, 11, 6));
        assertEquals(OffsetDateTime.parse("2016-11-06T01:00-07:00"), day.slotStart(1));
        assertEquals(OffsetDateTime.parse("2016-11-06T01:00-08:00"), day.slotStart(2));
        assertEquals(OffsetDateTime.parse("2016-11-06T22:00-08:00"), day.slotStart(23));
        assertEquals(0.710, day.loadKwh("B01")[2]); // households.csv: 2016-11-06T09:00:00Z,...,B01,0.7102
        assertEquals(day.loadKwh("B01")[1], day.loadKwh("B01")[2]);
        assertEquals(Flag.DST_COPY, day.flag("B01", 2));
        assertEquals(Flag.MEASURED, day.flag("B01", 1));
        // the next day starts an hour earlier on the local clock
        assertEquals(OffsetDateTime.parse("2016-11-06T23:00-08:00"), DATA.day(LocalDate.of(2016, 11, 7)).slotStart(0));
    }

    /** Spring forward: 02:00 does not exist on 2017-03-12, and from the 13th days start at midnight again. */
    @Test
    void embedded_daysFollowTheHoursAcrossTheSpringChange() {
        DayData day = DATA.day(LocalDate.of(2017, 3, 12));
        assertEquals(OffsetDateTime.parse("2017-03-11T23:00-08:00"), day.slotStart(0));
        assertEquals(OffsetDateTime.parse("2017-03-12T01:00-08:00"), day.slotStart(2));
        assertEquals(OffsetDateTime.parse("2017-03-12T03:00-07:00"), day.slotStart(3));
        assertEquals(OffsetDateTime.parse("2017-03-13T00:00-07:00"), DATA.day(LocalDate.of(2017, 3, 13)).slotStart(0));
    }

    /**
     * wind.csv: 2018-07-31T23:00:00Z,0.16185 pairs with 2016-08-01 00:00 PDT (= 2016-07-31 23:00 PST);
     * 2018-01-18T08:00:00Z is a gap between 0.82760 and 0.65943, so 2017-01-18 08:00 PST gets their
     * midpoint 743.5, rounded half up to 744 Wh per kW.
     */
    @Test
    void embedded_windIsAlignedByStandardTimeAndItsGapsFilled() {
        assertEquals(0.162, DATA.day(0).windKwhPerKw()[0]);
        assertEquals(Flag.MEASURED, DATA.day(0).windFlag(0));
        DayData day = DATA.day(LocalDate.of(2017, 1, 18));
        assertEquals(8, day.localHour(9));
        assertEquals(0.828, day.windKwhPerKw()[8]);
        assertEquals(0.744, day.windKwhPerKw()[9]);
        assertEquals(Flag.FILLED, day.windFlag(9));
        assertEquals(0.659, day.windKwhPerKw()[10]);
    }

    @Test
    void day_rejectsDatesOutsideTheData() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DATA.day(LocalDate.of(2017, 8, 1)));
        assertEquals("date: the data covers 2016-08-01 to 2017-07-31, was 2017-08-01", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DATA.day(LocalDate.of(2016, 7, 31)));
        assertThrows(IndexOutOfBoundsException.class, () -> DATA.day(365));
        assertThrows(IllegalArgumentException.class, () -> DATA.day(0).loadKwh("B07"));
    }

    @Test
    void dayData_returnsCopies() {
        DayData day = DATA.day(0);
        day.loadKwh("B01")[0] = 99;
        day.windKwhPerKw()[0] = 99;
        assertEquals(2.276, day.loadKwh("B01")[0]);
        assertEquals(0.162, day.windKwhPerKw()[0]);
    }
}
