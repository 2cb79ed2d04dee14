package org.tem.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a data directory: a small valid set (two homes, two days, an offset change inside), and
 * one malformed variant per rule, each rejected with a message naming the file and the line.
 */
class CommunityDataReadTest {
    @TempDir
    Path dir;

    /** Two homes, 48 hours from 2021-03-13 00:00 PST; daylight saving time starts on the 14th. */
    private static List<String> homes() {
        return new ArrayList<>(List.of("home,pv_kw,battery", "A,4.0,yes", "B,0,no"));
    }

    private static List<String> hourly() {
        List<String> lines = new ArrayList<>(List.of("time,home,load_wh,pv_wh,flag"));
        for (int k = 0; k < 48; k++) {
            String time = time(k);
            lines.add(time + ",A," + (500 + k) + "," + (k % 24 >= 8 && k % 24 < 17 ? 1000 + k : 0) + ",");
            lines.add(time + ",B," + (300 + k) + ",0," + (k == 5 ? "load_filled" : ""));
        }
        return lines;
    }

    private static List<String> wind() {
        List<String> lines = new ArrayList<>(List.of("time,wind_wh_per_kw,flag"));
        for (int k = 0; k < 48; k++) {
            lines.add(time(k) + "," + (10 * k) + "," + (k == 7 ? "filled" : ""));
        }
        return lines;
    }

    private static String time(int k) {
        OffsetDateTime utc = OffsetDateTime.parse("2021-03-13T08:00Z").plusHours(k);
        int offset = utc.isBefore(OffsetDateTime.parse("2021-03-14T10:00Z")) ? -8 : -7;
        return CommunityData.TIME.format(utc.withOffsetSameInstant(java.time.ZoneOffset.ofHours(offset)));
    }

    private void write(String name, List<String> lines) throws IOException {
        Files.writeString(dir.resolve(name), lines.isEmpty() ? "" : String.join("\n", lines) + "\n",
                StandardCharsets.UTF_8);
    }

    private void writeAll() throws IOException {
        write("homes.csv", homes());
        write("hourly.csv", hourly());
        write("wind.csv", wind());
    }

    /** Writes the valid set with one file changed, and returns the error message. */
    private String rejects(String file, Consumer<List<String>> change) throws IOException {
        writeAll();
        List<String> lines = switch (file) {
            case "homes.csv" -> homes();
            case "hourly.csv" -> hourly();
            default -> wind();
        };
        change.accept(lines);
        write(file, lines);
        return assertThrows(DataException.class, () -> CommunityData.read(dir)).getMessage();
    }

    private String at(String file, int line) {
        return dir.resolve(file) + ":" + line + ": ";
    }

    // ---------------------------------------------------------------- valid input

    @Test
    void read_validDirectoryGivesEveryValue() throws IOException {
        writeAll();
        CommunityData data = CommunityData.read(dir);
        assertEquals(2, data.homes().size());
        assertEquals(new Home("A", 4.0, true), data.home("A"));
        assertEquals(new Home("B", 0.0, false), data.home("B"));
        assertEquals(48, data.hours());
        assertEquals(2, data.days());
        assertEquals(LocalDate.of(2021, 3, 13), data.firstDate());
        DayData second = data.day(1);
        assertEquals(LocalDate.of(2021, 3, 14), second.date());
        assertEquals(OffsetDateTime.parse("2021-03-14T00:00-08:00"), second.slotStart(0));
        assertEquals(OffsetDateTime.parse("2021-03-14T03:00-07:00"), second.slotStart(2));
        assertEquals(0.524, second.loadKwh("A")[0]);
        assertEquals(1.033, second.pvKwh("A")[9]);
        assertEquals(0.0, second.pvKwh("A")[7]);
        assertEquals(Flag.LOAD_FILLED, data.day(0).flag("B", 5));
        assertEquals(Flag.MEASURED, data.day(0).flag("A", 5));
        assertEquals(0.07, data.day(0).windKwhPerKw()[7]);
        assertEquals(Flag.FILLED, data.day(0).windFlag(7));
        assertEquals(0.47, second.windKwhPerKw()[23]);
    }

    @Test
    void read_acceptsGzipFilesCrLfLineEndsAndAnyHomeOrderWithinAnHour() throws IOException {
        write("homes.csv", homes());
        List<String> lines = hourly();
        // swap the two rows of hour 3
        String a = lines.get(7);
        lines.set(7, lines.get(8));
        lines.set(8, a);
        Files.write(dir.resolve("hourly.csv.gz"),
                DeriveCityLearn.gzip((String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        Files.writeString(dir.resolve("wind.csv"), String.join("\n", wind())); // no final line end
        CommunityData data = CommunityData.read(dir);
        assertArrayEquals(new double[] {0.503, 0.303}, new double[] {data.day(0).loadKwh("A")[3],
                data.day(0).loadKwh("B")[3]});
        assertEquals(0.47, data.day(1).windKwhPerKw()[23]);
    }

    // ---------------------------------------------------------------- the directory

    @Test
    void read_rejectsAMissingOrDoubledFile() throws IOException {
        writeAll();
        Files.delete(dir.resolve("wind.csv"));
        assertEquals(dir + ": has no wind.csv (or wind.csv.gz)",
                assertThrows(DataException.class, () -> CommunityData.read(dir)).getMessage());
        write("wind.csv", wind());
        Files.write(dir.resolve("wind.csv.gz"), DeriveCityLearn.gzip(new byte[0]));
        assertEquals(dir + ": holds both wind.csv and wind.csv.gz; keep one",
                assertThrows(DataException.class, () -> CommunityData.read(dir)).getMessage());
        assertTrue(assertThrows(DataException.class, () -> CommunityData.read(dir.resolve("nothing")))
                .getMessage().endsWith("not a directory"));
    }

    @Test
    void read_rejectsAFileLargerThanTheLimitEvenWhenItsGzipIsSmall() throws IOException {
        writeAll();
        Files.delete(dir.resolve("hourly.csv"));
        byte[] text = (String.join("\n", hourly()) + "\n").getBytes(StandardCharsets.US_ASCII);
        Files.write(dir.resolve("hourly.csv.gz"), DeriveCityLearn.gzip(text));
        assertTrue(text.length > 3_000);
        assertTrue(Files.size(dir.resolve("hourly.csv.gz")) < 2_000);
        assertEquals(48, CommunityData.read(dir, 4_000).hours());
        String m = assertThrows(DataException.class, () -> CommunityData.read(dir, 2_000)).getMessage();
        assertEquals(dir.resolve("hourly.csv.gz") + ": larger than 2000 bytes (uncompressed); this limit"
                + " protects against oversized or hostile files", m);
    }

    @Test
    void read_rejectsDamagedGzip() throws IOException {
        writeAll();
        Files.delete(dir.resolve("hourly.csv"));
        byte[] gz = DeriveCityLearn.gzip(String.join("\n", hourly()).getBytes(StandardCharsets.US_ASCII));
        Files.write(dir.resolve("hourly.csv.gz"), java.util.Arrays.copyOf(gz, gz.length / 2));
        assertTrue(assertThrows(DataException.class, () -> CommunityData.read(dir)).getMessage()
                .startsWith(dir.resolve("hourly.csv.gz") + ": corrupt or truncated gzip data"));
        Files.writeString(dir.resolve("hourly.csv.gz"), "plain text");
        assertTrue(assertThrows(DataException.class, () -> CommunityData.read(dir)).getMessage()
                .startsWith(dir.resolve("hourly.csv.gz") + ": not a valid gzip file"));
    }

    // ---------------------------------------------------------------- homes.csv

    @Test
    void read_rejectsBadHomes() throws IOException {
        assertEquals(at("homes.csv", 1) + "the header must be home,pv_kw,battery, was home,pv,battery",
                rejects("homes.csv", l -> l.set(0, "home,pv,battery")));
        assertEquals(at("homes.csv", 3) + "battery: must be yes or no, was 'maybe'",
                rejects("homes.csv", l -> l.set(2, "B,0,maybe")));
        assertEquals(at("homes.csv", 3) + "pv_kw: must be a number of kW in [0, 1000] with at most 3 decimals,"
                + " was '-1'", rejects("homes.csv", l -> l.set(2, "B,-1,no")));
        assertEquals(at("homes.csv", 3) + "home: '" + "A" + "' is listed twice",
                rejects("homes.csv", l -> l.set(2, "A,0,no")));
        assertEquals(at("homes.csv", 3) + "home: must be 1 to 32 characters from A-Z a-z 0-9 _ . -, was 'B B'",
                rejects("homes.csv", l -> l.set(2, "B B,0,no")));
        assertEquals(at("homes.csv", 3) + "expected 3 fields (home,pv_kw,battery), found 4",
                rejects("homes.csv", l -> l.set(2, "B,0,no,")));
    }

    // ---------------------------------------------------------------- hourly.csv

    @Test
    void read_rejectsBadValues() throws IOException {
        assertEquals(at("hourly.csv", 4) + "load_wh: must be a whole number of Wh in [0, 1000000], was '-5'",
                rejects("hourly.csv", l -> l.set(3, l.get(3).replace(",501,", ",-5,"))));
        assertEquals(at("hourly.csv", 4) + "load_wh: must be a whole number of Wh in [0, 1000000], was '0.5'",
                rejects("hourly.csv", l -> l.set(3, l.get(3).replace(",501,", ",0.5,"))));
        assertEquals(at("hourly.csv", 4) + "load_wh: must be a whole number of Wh in [0, 1000000], was '1000001'",
                rejects("hourly.csv", l -> l.set(3, l.get(3).replace(",501,", ",1000001,"))));
        assertEquals(at("hourly.csv", 4) + "load_wh: must be a whole number of Wh in [0, 1000000], was '99999999999'",
                rejects("hourly.csv", l -> l.set(3, l.get(3).replace(",501,", ",99999999999,"))));
        assertEquals(at("hourly.csv", 4) + "pv_wh: must be a whole number of Wh in [0, 1000000], was ''",
                rejects("hourly.csv", l -> l.set(3, l.get(3).replace(",501,0,", ",501,,"))));
        assertEquals(at("hourly.csv", 4) + "flag: must be empty, load_filled, dst_copy, was 'filled'",
                rejects("hourly.csv", l -> l.set(3, l.get(3) + "filled")));
        assertEquals(at("hourly.csv", 4) + "home: 'C' is not in homes.csv",
                rejects("hourly.csv", l -> l.set(3, l.get(3).replace(",A,", ",C,"))));
        assertEquals(at("hourly.csv", 4) + "expected 5 fields (time,home,load_wh,pv_wh,flag), found 4",
                rejects("hourly.csv", l -> l.set(3, "2021-03-13T01:00-08:00,A,501,0")));
        assertEquals(at("hourly.csv", 4) + "empty line", rejects("hourly.csv", l -> l.set(3, "")));
    }

    @Test
    void read_rejectsBadTimes() throws IOException {
        assertEquals(at("hourly.csv", 2) + "time: the data must start at 00:00 local time, was 2021-03-13T01:00-08:00",
                rejects("hourly.csv", l -> {
                    l.remove(1);
                    l.remove(1);
                }));
        assertEquals(at("hourly.csv", 4) + "time: must be the start of an hour in local time with its UTC offset,"
                + " like 2016-08-01T00:00-07:00, was '2021-03-13T01:30-08:00'",
                rejects("hourly.csv", l -> l.set(3, l.get(3).replace("T01:00", "T01:30"))));
        assertEquals(at("hourly.csv", 4) + "time: must be the start of an hour in local time with its UTC offset,"
                + " like 2016-08-01T00:00-07:00, was '2021-03-13 01:00'",
                rejects("hourly.csv", l -> l.set(3, l.get(3).replace("2021-03-13T01:00-08:00", "2021-03-13 01:00"))));
        assertEquals(at("hourly.csv", 4) + "time: must be the start of an hour in local time with its UTC offset,"
                + " like 2016-08-01T00:00-07:00, was '2021-02-30T01:00-08:00'",
                rejects("hourly.csv", l -> l.set(3, l.get(3).replace("2021-03-13", "2021-02-30"))));
        // hour 1 dropped for both homes: a gap
        assertEquals(at("hourly.csv", 4) + "time: expected the hour after 2021-03-13T00:00-08:00, was"
                + " 2021-03-13T02:00-08:00 (rows are grouped by hour in time order, with no missing or repeated hour)",
                rejects("hourly.csv", l -> {
                    l.remove(3);
                    l.remove(3);
                }));
        // a row repeated within its hour
        assertEquals(at("hourly.csv", 5) + "home: a second row for 'A' in hour 2021-03-13T01:00-08:00",
                rejects("hourly.csv", l -> l.set(4, l.get(3))));
    }

    @Test
    void read_rejectsAnHourWithoutEveryHome() throws IOException {
        assertEquals(at("hourly.csv", 3) + "time: hour 2021-03-13T00:00-08:00 has no row for home 'B' (every hour"
                + " needs one row per home of homes.csv)", rejects("hourly.csv", l -> l.remove(2)));
        assertEquals(at("hourly.csv", 96) + "time: hour 2021-03-15T00:00-07:00 has no row for home 'B' (every hour"
                + " needs one row per home of homes.csv)", rejects("hourly.csv", l -> l.remove(96)));
    }

    @Test
    void read_rejectsPartialDaysAndEmptyFiles() throws IOException {
        assertEquals(dir.resolve("hourly.csv") + ": holds 47 hours, not whole days (a multiple of 24)",
                rejects("hourly.csv", l -> {
                    l.remove(96);
                    l.remove(95);
                }));
        assertEquals(dir.resolve("hourly.csv") + ": has no data row", rejects("hourly.csv", l -> l.subList(1, l.size()).clear()));
        assertEquals(dir.resolve("hourly.csv") + ": is empty (expected the header time,home,load_wh,pv_wh,flag)",
                rejects("hourly.csv", List::clear));
    }

    @Test
    void read_rejectsLongLinesAndBytesThatAreNotPrintableAscii() throws IOException {
        assertEquals(at("hourly.csv", 4) + "line longer than 256 characters",
                rejects("hourly.csv", l -> l.set(3, l.get(3) + "x".repeat(300))));
        assertEquals(at("hourly.csv", 4) + "byte 0xc3 at column 24 is not printable ASCII",
                rejects("hourly.csv", l -> l.set(3, l.get(3).replace(",A,", ",\u00c4,"))));
        assertEquals(at("hourly.csv", 4) + "byte 0x09 at column 23 is not printable ASCII",
                rejects("hourly.csv", l -> l.set(3, l.get(3).replace(",A,", "\tA,"))));
        assertEquals(at("hourly.csv", 4) + "a carriage return inside a line",
                rejects("hourly.csv", l -> l.set(3, l.get(3).replace(",A,", ",A\r,"))));
    }

    // ---------------------------------------------------------------- wind.csv

    @Test
    void read_rejectsWindThatDoesNotMatchTheHours() throws IOException {
        assertEquals(at("wind.csv", 3) + "time: must be the hour of row 3 of hourly.csv, 2021-03-13T01:00-08:00,"
                + " was 2021-03-13T02:00-08:00", rejects("wind.csv", l -> l.remove(2)));
        assertEquals(at("wind.csv", 3) + "time: must be the hour of row 3 of hourly.csv, 2021-03-13T01:00-08:00,"
                + " was 2021-03-13T09:00Z", rejects("wind.csv", l -> l.set(2, "2021-03-13T09:00Z,10,")));
        assertEquals(dir.resolve("wind.csv") + ": has 47 hours, hourly.csv has 48 (wind.csv needs one row per hour"
                + " of hourly.csv)", rejects("wind.csv", l -> l.remove(48)));
        assertEquals(at("wind.csv", 50) + "more rows than the 48 hours of hourly.csv",
                rejects("wind.csv", l -> l.add(l.get(48))));
        assertEquals(at("wind.csv", 3) + "wind_wh_per_kw: must be a whole number of Wh per kW in [0, 1100], was '1101'",
                rejects("wind.csv", l -> l.set(2, l.get(2).replace(",10,", ",1101,"))));
        assertEquals(at("wind.csv", 3) + "flag: must be empty, filled, was 'load_filled'",
                rejects("wind.csv", l -> l.set(2, l.get(2) + "load_filled")));
    }
}
