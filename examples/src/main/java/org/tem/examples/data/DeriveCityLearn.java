package org.tem.examples.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Derives the data embedded in tem ({@link CommunityData#embedded()}) from the source files, so that
 * the copy can be regenerated and checked. Run from the project's root after {@code mvn package}:
 *
 * <pre>{@code
 * java -cp examples/target/tem.jar org.tem.examples.data.DeriveCityLearn SOURCE_DIR \
 *     examples/src/main/resources/org/tem/examples/data/citylearn
 * }</pre>
 *
 * <p>{@code SOURCE_DIR} holds the tidy source files (see {@code docs/data.md}, "Regenerating"):
 * {@code households.csv} ({@code timestamp,local_time,household_id,load_kwh,pv_kwh,flag}: hourly load
 * and PV in kWh with 4 decimals, UTC and local time, flags {@code load_missing} and {@code
 * dst_repeat_copy}), {@code households_meta.csv} (one row per CityLearn building: id, PV capacity,
 * included or not) and {@code wind.csv} ({@code timestamp,wind_kwh_per_kw,n_turbines}: the Kelmarsh
 * farm's hourly capacity factor with 5 decimals, UTC, empty where no turbine reported), and {@code
 * LICENSE-CityLearn-MIT.txt}. The output directory receives {@code homes.csv}, {@code hourly.csv.gz},
 * {@code wind.csv.gz} and a copy of the licence.
 *
 * <p>The rules, applied in this order:
 * <ol>
 *   <li><b>Homes.</b> The included homes of {@code households_meta.csv}, in its order; a home has a
 *       battery when its PV is 4 kW (in this community the homes with a battery have 4 kW of PV and
 *       those without 5 kW).</li>
 *   <li><b>Units.</b> kWh with 4 decimals become whole Wh, rounded half up from the exact decimal
 *       (0.1 Wh precision is lost; no value moves by more than 0.5 Wh).</li>
 *   <li><b>Load gaps</b> ({@code load_missing}: upstream load below 1 Wh, a placeholder): each such
 *       hour takes the mean of the home's load at the same local clock hour on the nearest earlier
 *       day and on the nearest later day where that hour was measured (at most 7 days away; one side
 *       alone when the other has none), rounded half up; flagged {@code load_filled}. The gaps last 1
 *       to 18 hours and fall mostly in the evening, so interpolating in time between the gap's ends
 *       would cut off the evening peak; the same hour of the neighbouring days keeps the daily shape.
 *       PV in those hours is kept as measured.</li>
 *   <li><b>The repeated hour</b> ({@code dst_repeat_copy}: 01:00 PST on 2016-11-06, a copy of 01:00
 *       PDT made upstream so the series has every UTC hour): kept as it is, flagged {@code dst_copy}.
 *       It is a night hour whose neighbour was measured, and keeping it gives every day 24 hours.</li>
 *   <li><b>Wind gaps</b> (no turbine reported), on the wind's own time line: a gap of at most 24 hours
 *       is interpolated linearly between the measured hours on either side, rounded half up to whole
 *       Wh per kW; a longer gap (one, of 254 hours, in October 2018) takes the measured values of the
 *       same hours {@code ceil(length / 24)} whole days earlier. Flagged {@code filled}.</li>
 *   <li><b>Wind alignment.</b> The household hour that starts at month M, day D, hour H of the
 *       community's standard time (UTC−8, Pacific Standard Time, all year) takes the wind of the
 *       hour starting at M-D H:00 UTC in the wind's year. UTC is the standard time of the wind farm
 *       (England), so the wind keeps its time of the solar day. The 8,760 household hours (a year
 *       without 29 February) map one to one onto the wind's year; the wind jumps once, at New Year.</li>
 * </ol>
 *
 * <p>The output is byte for byte reproducible: rows in a fixed order, {@code \n} line ends, and gzip
 * written with a fixed header (no file name, modification time 0) at compression level 9. The
 * compressed bytes depend on the zlib build of the JDK; the decompressed text does not.
 */
public final class DeriveCityLearn {
    /** The standard-time offset of the community (Pacific Standard Time), used to align the wind. */
    static final ZoneOffset COMMUNITY_STANDARD_TIME = ZoneOffset.ofHours(-8);
    /** How many days away the load-gap rule looks for a measured value, each way. */
    static final int MAX_NEIGHBOUR_DAYS = 7;
    /** Wind gaps up to this many hours are interpolated; longer ones are copied from earlier days. */
    static final int MAX_INTERPOLATED_WIND_GAP = 24;

    private static final String HOUSEHOLDS_HEADER = "timestamp,local_time,household_id,load_kwh,pv_kwh,flag";
    private static final String META_HEADER = "household_id,citylearn_building,pv_capacity_kw,included,"
            + "exclusion_reason,annual_load_kwh,annual_pv_kwh,pv_yield_kwh_per_kwp,load_missing_hours,peak_load_kwh";
    private static final String WIND_HEADER = "timestamp,wind_kwh_per_kw,n_turbines";
    private static final String LICENSE = "LICENSE-CityLearn-MIT.txt";
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withResolverStyle(ResolverStyle.STRICT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,7}(\\.[0-9]{1,6})?");
    private static final BigDecimal FOUR_KW = new BigDecimal("4");
    private static final long SOURCE_LIMIT = 64L << 20;

    /** Source flags of one household hour. */
    static final byte MEASURED = 0;
    static final byte MISSING = 1;
    static final byte DST_COPY = 2;

    private DeriveCityLearn() {
    }

    /**
     * Derives the embedded files.
     *
     * @param args the source directory and the output directory
     */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: DeriveCityLearn SOURCE_DIR OUT_DIR");
            System.exit(2);
        }
        try {
            for (String line : derive(Path.of(args[0]), Path.of(args[1]))) {
                System.out.println(line);
            }
        } catch (DataException e) {
            System.err.println("DeriveCityLearn: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("DeriveCityLearn: " + e);
            System.exit(1);
        }
    }

    /**
     * Reads the source files and writes the derived ones (overwriting them).
     *
     * @param source the directory with the source files
     * @param out the output directory (created if absent)
     * @return a short report, one line per item (homes, filled hours, file sizes)
     * @throws DataException naming the file and line of a source problem
     * @throws IOException if a file cannot be read or written
     */
    public static List<String> derive(Path source, Path out) throws IOException {
        Derived d = derive(source);
        Files.createDirectories(out);
        Files.write(out.resolve(CommunityData.HOMES), d.homes);
        Files.write(out.resolve(CommunityData.HOURLY + ".gz"), gzip(d.hourly));
        Files.write(out.resolve(CommunityData.WIND + ".gz"), gzip(d.wind));
        Files.write(out.resolve(LICENSE), d.license);
        List<String> report = new ArrayList<>(d.report);
        for (String f : List.of(CommunityData.HOMES, CommunityData.HOURLY + ".gz", CommunityData.WIND + ".gz", LICENSE)) {
            report.add(f + ": " + Files.size(out.resolve(f)) + " bytes");
        }
        return report;
    }

    /** The derived files' uncompressed text and a report. */
    record Derived(byte[] homes, byte[] hourly, byte[] wind, byte[] license, List<String> report) {
    }

    /**
     * @param source the directory with the source files
     * @return the derived files, uncompressed
     * @throws IOException if a file cannot be read or is invalid
     */
    static Derived derive(Path source) throws IOException {
        List<String> report = new ArrayList<>();
        Map<String, String> pvKw = readMeta(source.resolve("households_meta.csv"));
        List<String> ids = new ArrayList<>(pvKw.keySet());
        Households hh = readHouseholds(source.resolve("households.csv"), ids);
        int n = ids.size();
        int hours = hh.instants.length;

        for (int h = 0; h < n; h++) {
            int missing = fillLoadGaps(hh.load[h], hh.kind[h], hh.local);
            if (missing > 0) {
                report.add(ids.get(h) + ": " + missing + " load hours filled");
            }
        }

        Wind wind = readWind(source.resolve("wind.csv"));
        int windFilled = fillWindGaps(wind.values, wind.missing);
        report.add("wind: " + windFilled + " hours filled");

        StringBuilder homes = new StringBuilder(CommunityData.HOMES_HEADER).append('\n');
        for (String id : ids) {
            boolean battery = new BigDecimal(pvKw.get(id)).compareTo(FOUR_KW) == 0;
            homes.append(id).append(',').append(pvKw.get(id)).append(',').append(battery ? "yes" : "no").append('\n');
        }
        StringBuilder hourly = new StringBuilder(hours * n * 36).append(CommunityData.HOURLY_HEADER).append('\n');
        StringBuilder windText = new StringBuilder(hours * 30).append(CommunityData.WIND_HEADER).append('\n');
        for (int k = 0; k < hours; k++) {
            String time = CommunityData.TIME.format(hh.localTimes[k]);
            for (int h = 0; h < n; h++) {
                String flag = switch (hh.kind[h][k]) {
                    case MISSING -> Flag.LOAD_FILLED.label();
                    case DST_COPY -> Flag.DST_COPY.label();
                    default -> Flag.MEASURED.label();
                };
                hourly.append(time).append(',').append(ids.get(h)).append(',').append(hh.load[h][k]).append(',')
                        .append(hh.pv[h][k]).append(',').append(flag).append('\n');
            }
            int w = alignedWindHour(hh.instants[k], wind.start, wind.values.length);
            windText.append(time).append(',').append(wind.values[w]).append(',')
                    .append(wind.missing[w] ? Flag.FILLED.label() : Flag.MEASURED.label()).append('\n');
        }
        report.add(0, n + " homes, " + hours + " hours from " + CommunityData.TIME.format(hh.localTimes[0]));
        Path licence = source.resolve(LICENSE);
        if (Files.size(licence) > 64 * 1024) {
            throw new DataException(licence + ": larger than 64 KiB, not a licence text");
        }
        return new Derived(ascii(homes), ascii(hourly), ascii(windText), Files.readAllBytes(licence), report);
    }

    private static byte[] ascii(StringBuilder text) {
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    // ------------------------------------------------------------------ reading the sources

    private static Map<String, String> readMeta(Path file) throws IOException {
        Map<String, String> pvKw = new LinkedHashMap<>();
        try (CsvInput in = open(file)) {
            header(in, META_HEADER);
            String line;
            while ((line = in.next()) != null) {
                String[] f = line.split(",", -1);
                if (f.length != 10) {
                    throw in.error("expected 10 fields, found " + f.length);
                }
                if (!DECIMAL.matcher(f[2]).matches()) {
                    throw in.error("pv_capacity_kw: must be a decimal number, was '" + f[2] + "'");
                }
                switch (f[3]) {
                    case "yes" -> {
                        try {
                            new Home(f[0], Double.parseDouble(f[2]), false);
                        } catch (IllegalArgumentException e) {
                            throw in.error(e.getMessage());
                        }
                        if (pvKw.put(f[0], f[2]) != null) {
                            throw in.error("household_id: '" + f[0] + "' is listed twice");
                        }
                    }
                    case "no" -> {
                        // excluded upstream for data quality; documented in docs/data.md
                    }
                    default -> throw in.error("included: must be yes or no, was '" + f[3] + "'");
                }
            }
        }
        if (pvKw.isEmpty()) {
            throw new DataException(file + ": includes no household");
        }
        return pvKw;
    }

    /** The household table, per home and hour. */
    private static final class Households {
        Instant[] instants;
        OffsetDateTime[] localTimes;
        LocalDateTime[] local;
        int[][] load;
        int[][] pv;
        byte[][] kind;
    }

    private static Households readHouseholds(Path file, List<String> ids) throws IOException {
        int n = ids.size();
        Map<String, Integer> index = new HashMap<>();
        for (int h = 0; h < n; h++) {
            index.put(ids.get(h), h);
        }
        List<List<String[]>> rows = new ArrayList<>();
        List<List<Integer>> lines = new ArrayList<>();
        for (int h = 0; h < n; h++) {
            rows.add(new ArrayList<>());
            lines.add(new ArrayList<>());
        }
        try (CsvInput in = open(file)) {
            header(in, HOUSEHOLDS_HEADER);
            String line;
            while ((line = in.next()) != null) {
                String[] f = line.split(",", -1);
                if (f.length != 6) {
                    throw in.error("expected 6 fields (" + HOUSEHOLDS_HEADER + "), found " + f.length);
                }
                Integer h = index.get(f[2]);
                if (h == null) {
                    throw in.error("household_id: '" + f[2] + "' is not an included household");
                }
                rows.get(h).add(f);
                lines.get(h).add(in.lineNumber());
            }
        }
        int hours = rows.get(0).size();
        if (hours == 0 || hours % 24 != 0) {
            throw new DataException(file + ": " + ids.get(0) + " has " + hours + " hours, not whole days");
        }
        Households hh = new Households();
        hh.instants = new Instant[hours];
        hh.localTimes = new OffsetDateTime[hours];
        hh.local = new LocalDateTime[hours];
        hh.load = new int[n][hours];
        hh.pv = new int[n][hours];
        hh.kind = new byte[n][hours];
        for (int h = 0; h < n; h++) {
            List<String[]> list = rows.get(h);
            if (list.size() != hours) {
                throw new DataException(file + ": " + ids.get(h) + " has " + list.size() + " hours, " + ids.get(0)
                        + " has " + hours);
            }
            for (int k = 0; k < hours; k++) {
                String[] f = list.get(k);
                String where = file + ":" + lines.get(h).get(k) + ": ";
                Instant instant = parse(where + "timestamp", () -> Instant.from(UTC.parse(f[0])));
                OffsetDateTime local = parse(where + "local_time", () -> OffsetDateTime.parse(f[1], LOCAL));
                if (!local.toInstant().equals(instant)) {
                    throw new DataException(where + "local_time " + f[1] + " is not the same instant");
                }
                if (h == 0) {
                    if (k == 0 && local.getHour() != 0) {
                        throw new DataException(where + "the data must start at 00:00 local time");
                    }
                    if (k > 0 && !instant.equals(hh.instants[k - 1].plusSeconds(3600))) {
                        throw new DataException(where + "not the hour after " + hh.instants[k - 1]);
                    }
                    hh.instants[k] = instant;
                    hh.localTimes[k] = local;
                    hh.local[k] = local.toLocalDateTime();
                } else if (!instant.equals(hh.instants[k]) || !local.equals(hh.localTimes[k])) {
                    throw new DataException(where + "hour " + k + " of " + ids.get(h) + " differs from hour " + k
                            + " of " + ids.get(0) + " (" + hh.instants[k] + ")");
                }
                hh.load[h][k] = wh(where + "load_kwh", f[3]);
                hh.pv[h][k] = wh(where + "pv_kwh", f[4]);
                hh.kind[h][k] = switch (f[5]) {
                    case "" -> MEASURED;
                    case "load_missing" -> MISSING;
                    case "dst_repeat_copy" -> DST_COPY;
                    default -> throw new DataException(where + "flag: unknown flag '" + f[5] + "'");
                };
            }
        }
        return hh;
    }

    /** The wind series on its own time line. */
    private static final class Wind {
        Instant start;
        int[] values;
        boolean[] missing;
    }

    private static Wind readWind(Path file) throws IOException {
        List<Integer> values = new ArrayList<>();
        List<Boolean> missing = new ArrayList<>();
        Wind wind = new Wind();
        try (CsvInput in = open(file)) {
            header(in, WIND_HEADER);
            String line;
            Instant previous = null;
            while ((line = in.next()) != null) {
                String[] f = line.split(",", -1);
                if (f.length != 3) {
                    throw in.error("expected 3 fields (" + WIND_HEADER + "), found " + f.length);
                }
                Instant t;
                try {
                    t = Instant.from(UTC.parse(f[0]));
                } catch (DateTimeException e) {
                    throw in.error("timestamp: must be like 2018-01-01T00:00:00Z, was '" + f[0] + "'");
                }
                if (previous == null) {
                    OffsetDateTime first = t.atOffset(ZoneOffset.UTC);
                    if (first.getMonthValue() != 1 || first.getDayOfMonth() != 1 || first.getHour() != 0) {
                        throw in.error("timestamp: the wind must start at 1 January 00:00 UTC, was " + f[0]);
                    }
                    wind.start = t;
                } else if (!t.equals(previous.plusSeconds(3600))) {
                    throw in.error("timestamp: expected the hour after " + previous + ", was " + f[0]);
                }
                previous = t;
                int turbines;
                if (!f[2].matches("[0-9]{1,2}")) {
                    throw in.error("n_turbines: must be a small whole number, was '" + f[2] + "'");
                }
                turbines = Integer.parseInt(f[2]);
                if (f[1].isEmpty() != (turbines == 0)) {
                    throw in.error("wind_kwh_per_kw: must be empty exactly when n_turbines is 0");
                }
                int value = f[1].isEmpty() ? 0 : whOrError(in, f[1]);
                if (value > CommunityData.MAX_WIND_WH_PER_KW) {
                    throw in.error("wind_kwh_per_kw: above " + CommunityData.MAX_WIND_WH_PER_KW / 1000.0 + ", was " + f[1]);
                }
                values.add(value);
                missing.add(f[1].isEmpty());
            }
        }
        if (values.isEmpty()) {
            throw new DataException(file + ": has no data row");
        }
        wind.values = values.stream().mapToInt(Integer::intValue).toArray();
        wind.missing = new boolean[values.size()];
        for (int i = 0; i < values.size(); i++) {
            wind.missing[i] = missing.get(i);
        }
        return wind;
    }

    private static int whOrError(CsvInput in, String text) throws DataException {
        try {
            return wh(text);
        } catch (IllegalArgumentException e) {
            throw in.error(e.getMessage());
        }
    }

    private static int wh(String where, String text) throws DataException {
        try {
            return wh(text);
        } catch (IllegalArgumentException e) {
            throw new DataException(where + ": " + e.getMessage());
        }
    }

    private interface Parse<T> {
        T get();
    }

    private static <T> T parse(String where, Parse<T> parse) throws DataException {
        try {
            return parse.get();
        } catch (DateTimeException e) {
            throw new DataException(where + ": not a valid time (" + e.getMessage() + ")");
        }
    }

    private static CsvInput open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return CsvInput.of(file.toString(), in, false, SOURCE_LIMIT);
    }

    private static void header(CsvInput in, String expected) throws IOException {
        String line = in.next();
        if (line == null || !line.equals(expected)) {
            throw in.error("the header must be " + expected + ", was " + line);
        }
    }

    // ------------------------------------------------------------------ the rules (package-private for tests)

    /**
     * kWh as a decimal text to whole Wh, rounded half up from the exact decimal value.
     *
     * @param kwh a non-negative decimal, at most 7 integer and 6 fraction digits
     * @return whole Wh
     * @throws IllegalArgumentException if the text is not such a decimal
     */
    static int wh(String kwh) {
        if (!DECIMAL.matcher(kwh).matches()) {
            throw new IllegalArgumentException("must be a non-negative decimal number of kWh, was '" + kwh + "'");
        }
        return new BigDecimal(kwh).movePointRight(3).setScale(0, RoundingMode.HALF_UP).intValueExact();
    }

    /**
     * Fills a home's load gaps in place: each {@link #MISSING} hour takes the mean (rounded half up)
     * of the {@link #MEASURED} values at the same local clock time on the nearest earlier and later
     * days, at most {@link #MAX_NEIGHBOUR_DAYS} away; one side alone when the other has none. A local
     * time that occurs twice (the repeated hour when daylight saving time ends) is looked up at its
     * first occurrence; one that does not occur (skipped in spring) counts as not measured.
     *
     * @param wh the load per hour, Wh; filled in place
     * @param kind {@link #MEASURED}, {@link #MISSING} or {@link #DST_COPY} per hour
     * @param local the local clock time of each hour
     * @return the number of hours filled
     * @throws DataException if a gap has no measured value within the distance on either side
     */
    static int fillLoadGaps(int[] wh, byte[] kind, LocalDateTime[] local) throws DataException {
        Map<LocalDateTime, Integer> byLocal = new HashMap<>();
        for (int k = 0; k < local.length; k++) {
            byLocal.putIfAbsent(local[k], k);
        }
        int[] source = wh.clone();
        int filled = 0;
        for (int k = 0; k < wh.length; k++) {
            if (kind[k] != MISSING) {
                continue;
            }
            int before = neighbour(local[k], -1, byLocal, kind);
            int after = neighbour(local[k], 1, byLocal, kind);
            if (before < 0 && after < 0) {
                throw new DataException("load gap at " + local[k] + ": no measured value at the same hour within "
                        + MAX_NEIGHBOUR_DAYS + " days");
            }
            wh[k] = before < 0 ? source[after] : after < 0 ? source[before]
                    : Math.floorDiv(source[before] + source[after] + 1, 2);
            filled++;
        }
        return filled;
    }

    private static int neighbour(LocalDateTime time, int direction, Map<LocalDateTime, Integer> byLocal, byte[] kind) {
        for (int days = 1; days <= MAX_NEIGHBOUR_DAYS; days++) {
            Integer k = byLocal.get(time.plusDays((long) direction * days));
            if (k != null && kind[k] == MEASURED) {
                return k;
            }
        }
        return -1;
    }

    /**
     * Fills wind gaps in place: a run of at most {@link #MAX_INTERPOLATED_WIND_GAP} missing hours is
     * interpolated linearly between the measured hours on either side (rounded half up; the nearest
     * measured value at either end of the series); a longer run of {@code n} hours takes the values of
     * the same hours {@code ceil(n / 24)} days earlier, which must all be measured.
     *
     * @param values the series, Wh per kW; filled in place
     * @param missing true for the hours to fill
     * @return the number of hours filled
     * @throws DataException if a long gap's earlier hours are not measured or nothing is measured
     */
    static int fillWindGaps(int[] values, boolean[] missing) throws DataException {
        int filled = 0;
        int k = 0;
        while (k < values.length) {
            if (!missing[k]) {
                k++;
                continue;
            }
            int end = k;
            while (end < values.length && missing[end]) {
                end++;
            }
            int n = end - k;
            if (n <= MAX_INTERPOLATED_WIND_GAP) {
                if (k == 0 && end == values.length) {
                    throw new DataException("wind: no measured hour");
                }
                int a = k > 0 ? values[k - 1] : values[end];
                int b = end < values.length ? values[end] : values[k - 1];
                for (int j = 1; j <= n; j++) {
                    values[k + j - 1] = interpolate(a, b, j, n);
                }
            } else {
                int shift = 24 * ((n + 23) / 24);
                if (k - shift < 0) {
                    throw new DataException("wind: the gap of " + n + " hours at hour " + k + " has no earlier days");
                }
                for (int i = k; i < end; i++) {
                    if (missing[i - shift]) {
                        throw new DataException("wind: the gap of " + n + " hours at hour " + k
                                + " would copy hour " + (i - shift) + ", which is not measured");
                    }
                    values[i] = values[i - shift];
                }
            }
            filled += n;
            k = end;
        }
        return filled;
    }

    /**
     * @return {@code a + (b − a)·j/(n+1)} rounded half up, exactly, for {@code 1 <= j <= n}
     */
    static int interpolate(int a, int b, int j, int n) {
        long num = 2L * (b - a) * j + (n + 1);
        return a + (int) Math.floorDiv(num, 2L * (n + 1));
    }

    /**
     * The hour of the wind series that pairs with a household hour: the same month, day and hour,
     * the household's read in its standard time (UTC−8) and the wind's in UTC, in the wind's year.
     *
     * @param household the start of the household hour
     * @param windStart the start of the wind series (1 January 00:00 UTC of its year)
     * @param windHours the length of the wind series
     * @return the index into the wind series
     * @throws DataException if the pair falls outside the wind series or on a 29 February the wind's
     *     year lacks
     */
    static int alignedWindHour(Instant household, Instant windStart, int windHours) throws DataException {
        LocalDateTime clock = LocalDateTime.ofInstant(household, COMMUNITY_STANDARD_TIME);
        int year = windStart.atOffset(ZoneOffset.UTC).getYear();
        LocalDateTime target;
        try {
            target = LocalDateTime.of(year, clock.getMonth(), clock.getDayOfMonth(), clock.getHour(), 0);
        } catch (DateTimeException e) {
            throw new DataException("wind: " + clock + " has no counterpart in " + year);
        }
        long index = Duration.between(windStart, target.toInstant(ZoneOffset.UTC)).toHours();
        if (index < 0 || index >= windHours) {
            throw new DataException("wind: " + target + " is outside the wind series");
        }
        return (int) index;
    }

    /**
     * Gzip with a fixed header: no file name, modification time 0, "maximum compression" and "unknown
     * OS" marks, deflate level 9. The same text gives the same bytes with the same zlib.
     *
     * @param data the bytes to compress
     * @return the gzip file's bytes
     */
    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, (byte) 0xff});
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(data);
            deflater.finish();
            byte[] buffer = new byte[1 << 16];
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                out.write(buffer, 0, n);
            }
        } finally {
            deflater.end();
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        writeIntLe(out, (int) crc.getValue());
        writeIntLe(out, data.length);
        return out.toByteArray();
    }

    private static void writeIntLe(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }
}
