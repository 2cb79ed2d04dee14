package org.tem.examples.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Hourly load and rooftop PV of a community of homes, and a wind profile, read from three tidy CSV
 * files: the copy of real data embedded in tem ({@link #embedded()}: 13 homes of the CityLearn 2022
 * data set in Fontana, California, 2016-08-01 to 2017-07-31, with a wind profile from the Kelmarsh
 * wind farm) or the same format from a directory ({@link #read(Path)}).
 *
 * <h2>The files</h2>
 * Each of them may be plain ({@code name.csv}) or gzip-compressed ({@code name.csv.gz}), not both;
 * printable ASCII, one header line, comma-separated, no quoting.
 * <ul>
 *   <li>{@code homes.csv} — {@code home,pv_kw,battery}: one row per home: its id (1-32 characters
 *       from {@code A-Z a-z 0-9 _ . -}), its PV's rated power in kW ({@code 0}-{@code 1000}, up to 3
 *       decimals) and {@code yes} or {@code no} for a home battery.</li>
 *   <li>{@code hourly.csv} — {@code time,home,load_wh,pv_wh,flag}: one row per home and hour. {@code
 *       time} is the start of the hour in local time with its UTC offset, {@code
 *       2016-08-01T00:00-07:00} ({@code Z} for UTC); {@code load_wh} and {@code pv_wh} are the energy
 *       consumed and generated in that hour, whole Wh in {@code [0, 1000000]}; {@code flag} is empty
 *       for a measured value, {@code load_filled} or {@code dst_copy} (see {@link Flag}). Rows are
 *       grouped by hour in time order, hours are consecutive (no gap, no repeat, whatever the clock
 *       does), and each hour has exactly one row for every home of {@code homes.csv}, in any order.
 *       The first hour starts at 00:00 local time and the file holds whole days (a multiple of 24
 *       hours).</li>
 *   <li>{@code wind.csv} — {@code time,wind_wh_per_kw,flag}: one row per hour, the same hours as
 *       {@code hourly.csv} in the same order; the energy a wind turbine yields in that hour per kW
 *       of rated power, whole Wh per kW in {@code [0, 1100]}; flag empty or {@code filled}.</li>
 * </ul>
 *
 * <h2>Days</h2>
 * Day {@code d} is the 24 consecutive hours {@code 24·d … 24·d+23} of the file, and its date is the
 * date of the first hour plus {@code d} days. Every day therefore has exactly 24 one-hour slots. A
 * change of UTC offset (daylight saving time) moves the local clock time at which later days start:
 * in the embedded data, days start at 00:00 PDT until 2016-11-06, then at 23:00 PST of the evening
 * before until 2017-03-12, then at 00:00 PDT again. {@link DayData#slotStart(int)} gives each slot's
 * true local start time, so time-of-use rates follow the local clock.
 *
 * <h2>Hostile input</h2>
 * Every field is checked; at most {@link #MAX_HOMES} homes, {@link #MAX_HOURS} hours and {@link
 * #MAX_FILE_BYTES} bytes per file after decompression are read, so memory stays bounded by the bytes
 * received. The first problem found is reported as a {@link DataException} whose message starts with
 * {@code file:line:}; nothing is returned then.
 *
 * <p>Immutable and thread-safe.
 */
public final class CommunityData {
    /** The most homes a data set may hold. */
    public static final int MAX_HOMES = 1_000;
    /** The most hours a data set may hold (ten years). */
    public static final int MAX_HOURS = 87_840;
    /** The most bytes read from one file, after gzip decompression (64 MiB). */
    public static final long MAX_FILE_BYTES = 64L << 20;
    /** The largest load or PV value of one home in one hour, Wh. */
    public static final int MAX_WH = 1_000_000;
    /** The largest wind value of one hour, Wh per kW of rated power (a capacity factor of 1.1). */
    public static final int MAX_WIND_WH_PER_KW = 1_100;

    static final String RESOURCE_DIR = "/org/tem/examples/data/citylearn/";
    static final String HOMES = "homes.csv";
    static final String HOURLY = "hourly.csv";
    static final String WIND = "wind.csv";
    static final String HOMES_HEADER = "home,pv_kw,battery";
    static final String HOURLY_HEADER = "time,home,load_wh,pv_wh,flag";
    static final String WIND_HEADER = "time,wind_wh_per_kw,flag";
    /** Local time with offset, minutes, no seconds: {@code 2016-08-01T00:00-07:00}. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmXXX")
            .withResolverStyle(ResolverStyle.STRICT);

    private static final Pattern KW = Pattern.compile("(0|[1-9][0-9]{0,3})(\\.[0-9]{1,3})?");
    private static final Set<Flag> HOURLY_FLAGS = EnumSet.of(Flag.MEASURED, Flag.LOAD_FILLED, Flag.DST_COPY);
    private static final Set<Flag> WIND_FLAGS = EnumSet.of(Flag.MEASURED, Flag.FILLED);
    private static final Object EMBEDDED_LOCK = new Object();
    private static volatile CommunityData embedded;

    private final String source;
    private final List<Home> homes;
    private final Map<String, Integer> homeIndex;
    private final int hours;
    private final Instant start;
    private final int[] offsetSeconds;
    private final int[] loadWh;
    private final int[] pvWh;
    private final byte[] flags;
    private final int[] windWh;
    private final byte[] windFlags;

    private CommunityData(String source, List<Home> homes, int hours, Instant start, int[] offsetSeconds,
            int[] loadWh, int[] pvWh, byte[] flags, int[] windWh, byte[] windFlags) {
        this.source = source;
        this.homes = List.copyOf(homes);
        Map<String, Integer> index = new HashMap<>();
        for (int h = 0; h < homes.size(); h++) {
            index.put(homes.get(h).id(), h);
        }
        this.homeIndex = Collections.unmodifiableMap(index);
        this.hours = hours;
        this.start = start;
        this.offsetSeconds = offsetSeconds;
        this.loadWh = loadWh;
        this.pvWh = pvWh;
        this.flags = flags;
        this.windWh = windWh;
        this.windFlags = windFlags;
    }

    /**
     * The real data embedded in tem: 13 homes of the CityLearn 2022 data set (Fontana, California;
     * 8,760 hours from 2016-08-01 00:00 PDT, 365 days) and the Kelmarsh wind profile aligned to the
     * same hours. Loaded on the first call (about half a second of CPU in a fresh JVM), then shared.
     *
     * @return the embedded data
     * @throws IllegalStateException if the resource is missing or damaged (a broken build)
     */
    public static CommunityData embedded() {
        CommunityData data = embedded;
        if (data == null) {
            synchronized (EMBEDDED_LOCK) {
                data = embedded;
                if (data == null) {
                    data = loadEmbedded();
                    embedded = data;
                }
            }
        }
        return data;
    }

    private static CommunityData loadEmbedded() {
        try {
            return read("the embedded data", file -> "embedded " + file, name -> {
                InputStream in = CommunityData.class.getResourceAsStream(RESOURCE_DIR + name);
                if (in == null) {
                    throw new IllegalStateException("embedded data: resource " + RESOURCE_DIR + name + " is missing");
                }
                return in;
            }, HOMES, HOURLY + ".gz", WIND + ".gz", MAX_FILE_BYTES);
        } catch (IOException | DataException e) {
            throw new IllegalStateException("embedded data: cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code homes.csv}, {@code hourly.csv} and {@code wind.csv} (each plain or {@code .gz})
     * from a directory, in the format described on this class.
     *
     * @param dir the directory
     * @return the data
     * @throws DataException naming the file and line of the first problem, or a missing or doubled
     *     file
     * @throws IOException if a file cannot be read
     */
    public static CommunityData read(Path dir) throws IOException {
        return read(dir, MAX_FILE_BYTES);
    }

    /** {@link #read(Path)} with another byte limit per file (tests use a small one). */
    static CommunityData read(Path dir, long maxBytes) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": not a directory");
        }
        String homes = pick(dir, HOMES);
        String hourly = pick(dir, HOURLY);
        String wind = pick(dir, WIND);
        return read(dir.toString(), file -> dir.resolve(file).toString(), name -> Files.newInputStream(dir.resolve(name)),
                homes, hourly, wind, maxBytes);
    }

    private static String pick(Path dir, String base) throws DataException {
        boolean plain = Files.isRegularFile(dir.resolve(base));
        boolean gz = Files.isRegularFile(dir.resolve(base + ".gz"));
        if (plain && gz) {
            throw new DataException(dir + ": holds both " + base + " and " + base + ".gz; keep one");
        }
        if (!plain && !gz) {
            throw new DataException(dir + ": has no " + base + " (or " + base + ".gz)");
        }
        return gz ? base + ".gz" : base;
    }

    /** Opens a named file of a data set. */
    @FunctionalInterface
    interface Opener {
        InputStream open(String name) throws IOException;
    }

    static CommunityData read(String source, UnaryOperator<String> display, Opener opener, String homesFile,
            String hourlyFile, String windFile, long maxBytes) throws IOException {
        List<Home> homes;
        try (CsvInput in = open(display, opener, homesFile, maxBytes)) {
            homes = readHomes(in);
        }
        Hourly hourly;
        try (CsvInput in = open(display, opener, hourlyFile, maxBytes)) {
            hourly = readHourly(in, homes);
        }
        int[] windWh = new int[hourly.hours];
        byte[] windFlags = new byte[hourly.hours];
        try (CsvInput in = open(display, opener, windFile, maxBytes)) {
            readWind(in, hourly, windWh, windFlags);
        }
        return new CommunityData(source, homes, hourly.hours, hourly.start, Arrays.copyOf(hourly.offsets, hourly.hours),
                hourly.load, hourly.pv, hourly.flags, windWh, windFlags);
    }

    private static CsvInput open(UnaryOperator<String> display, Opener opener, String file, long maxBytes)
            throws IOException {
        return CsvInput.of(display.apply(file), opener.open(file), file.endsWith(".gz"), maxBytes);
    }

    private static List<Home> readHomes(CsvInput in) throws IOException {
        header(in, HOMES_HEADER);
        List<Home> homes = new ArrayList<>();
        Set<String> ids = new java.util.HashSet<>();
        String line;
        while ((line = in.next()) != null) {
            String[] f = fields(in, line, 3, HOMES_HEADER);
            if (homes.size() == MAX_HOMES) {
                throw in.error("more than " + MAX_HOMES + " homes");
            }
            if (!KW.matcher(f[1]).matches()) {
                throw in.error("pv_kw: must be a number of kW in [0, 1000] with at most 3 decimals, was '"
                        + f[1] + "'");
            }
            boolean battery = switch (f[2]) {
                case "yes" -> true;
                case "no" -> false;
                default -> throw in.error("battery: must be yes or no, was '" + f[2] + "'");
            };
            Home home;
            try {
                home = new Home(f[0], Double.parseDouble(f[1]), battery);
            } catch (IllegalArgumentException e) {
                throw in.error(e.getMessage());
            }
            if (!ids.add(home.id())) {
                throw in.error("home: '" + home.id() + "' is listed twice");
            }
            homes.add(home);
        }
        if (homes.isEmpty()) {
            throw new DataException(in.name() + ": lists no home");
        }
        return homes;
    }

    /** The hourly table while it is read; arrays grow with the rows received. */
    private static final class Hourly {
        int hours;
        Instant start;
        int[] offsets = new int[64];
        int[] load;
        int[] pv;
        byte[] flags;
    }

    private static Hourly readHourly(CsvInput in, List<Home> homes) throws IOException {
        header(in, HOURLY_HEADER);
        int n = homes.size();
        Map<String, Integer> index = new HashMap<>();
        for (int h = 0; h < n; h++) {
            index.put(homes.get(h).id(), h);
        }
        Hourly t = new Hourly();
        t.load = new int[64 * n];
        t.pv = new int[64 * n];
        t.flags = new byte[64 * n];
        boolean[] seen = new boolean[n];
        int seenCount = 0;
        int hour = -1;
        String currentTime = null;
        Instant currentInstant = null;
        String line;
        while ((line = in.next()) != null) {
            String[] f = fields(in, line, 5, HOURLY_HEADER);
            if (!f[0].equals(currentTime)) {
                if (hour >= 0 && seenCount < n) {
                    throw in.error("time: hour " + currentTime + " has no row for home '" + homes.get(firstFalse(seen)).id()
                            + "' (every hour needs one row per home of homes.csv)");
                }
                OffsetDateTime time = time(in, f[0]);
                if (hour < 0) {
                    if (time.getHour() != 0) {
                        throw in.error("time: the data must start at 00:00 local time, was " + f[0]);
                    }
                    t.start = time.toInstant();
                } else if (!time.toInstant().equals(currentInstant.plusSeconds(3600))) {
                    throw in.error("time: expected the hour after " + currentTime + ", was " + f[0]
                            + " (rows are grouped by hour in time order, with no missing or repeated hour)");
                }
                hour++;
                if (hour == MAX_HOURS) {
                    throw in.error("more than " + MAX_HOURS + " hours");
                }
                if (hour == t.offsets.length) {
                    int grown = Math.min(MAX_HOURS, hour * 2);
                    t.offsets = Arrays.copyOf(t.offsets, grown);
                    t.load = Arrays.copyOf(t.load, grown * n);
                    t.pv = Arrays.copyOf(t.pv, grown * n);
                    t.flags = Arrays.copyOf(t.flags, grown * n);
                }
                t.offsets[hour] = time.getOffset().getTotalSeconds();
                currentTime = f[0];
                currentInstant = time.toInstant();
                Arrays.fill(seen, false);
                seenCount = 0;
            }
            Integer h = index.get(f[1]);
            if (h == null) {
                throw in.error("home: '" + f[1] + "' is not in homes.csv");
            }
            if (seen[h]) {
                throw in.error("home: a second row for '" + f[1] + "' in hour " + currentTime);
            }
            seen[h] = true;
            seenCount++;
            int cell = hour * n + h;
            t.load[cell] = whole(in, f[2], "load_wh", MAX_WH, "Wh");
            t.pv[cell] = whole(in, f[3], "pv_wh", MAX_WH, "Wh");
            t.flags[cell] = (byte) flag(in, f[4], HOURLY_FLAGS).ordinal();
        }
        if (hour < 0) {
            throw new DataException(in.name() + ": has no data row");
        }
        if (seenCount < n) {
            throw in.error("time: hour " + currentTime + " has no row for home '" + homes.get(firstFalse(seen)).id()
                    + "' (every hour needs one row per home of homes.csv)");
        }
        t.hours = hour + 1;
        if (t.hours % 24 != 0) {
            throw new DataException(in.name() + ": holds " + t.hours + " hours, not whole days (a multiple of 24)");
        }
        t.load = Arrays.copyOf(t.load, t.hours * n);
        t.pv = Arrays.copyOf(t.pv, t.hours * n);
        t.flags = Arrays.copyOf(t.flags, t.hours * n);
        return t;
    }

    private static void readWind(CsvInput in, Hourly hourly, int[] windWh, byte[] windFlags) throws IOException {
        header(in, WIND_HEADER);
        int k = 0;
        String line;
        while ((line = in.next()) != null) {
            String[] f = fields(in, line, 3, WIND_HEADER);
            if (k == hourly.hours) {
                throw in.error("more rows than the " + hourly.hours + " hours of hourly.csv");
            }
            OffsetDateTime time = time(in, f[0]);
            Instant expected = hourly.start.plusSeconds(3600L * k);
            if (!time.toInstant().equals(expected) || time.getOffset().getTotalSeconds() != hourly.offsets[k]) {
                throw in.error("time: must be the hour of row " + (k + 2) + " of hourly.csv, "
                        + format(expected, hourly.offsets[k]) + ", was " + f[0]);
            }
            windWh[k] = whole(in, f[1], "wind_wh_per_kw", MAX_WIND_WH_PER_KW, "Wh per kW");
            windFlags[k] = (byte) flag(in, f[2], WIND_FLAGS).ordinal();
            k++;
        }
        if (k < hourly.hours) {
            throw new DataException(in.name() + ": has " + k + " hours, hourly.csv has " + hourly.hours
                    + " (wind.csv needs one row per hour of hourly.csv)");
        }
    }

    private static int firstFalse(boolean[] seen) {
        for (int i = 0; i < seen.length; i++) {
            if (!seen[i]) {
                return i;
            }
        }
        throw new IllegalStateException("every home seen");
    }

    private static void header(CsvInput in, String expected) throws IOException {
        String line = in.next();
        if (line == null) {
            throw new DataException(in.name() + ": is empty (expected the header " + expected + ")");
        }
        if (!line.equals(expected)) {
            throw in.error("the header must be " + expected + ", was " + line);
        }
    }

    private static String[] fields(CsvInput in, String line, int count, String header) throws DataException {
        if (line.isEmpty()) {
            throw in.error("empty line");
        }
        String[] f = line.split(",", -1);
        if (f.length != count) {
            throw in.error("expected " + count + " fields (" + header + "), found " + f.length);
        }
        return f;
    }

    private static OffsetDateTime time(CsvInput in, String text) throws DataException {
        OffsetDateTime time = parseTime(text);
        if (time == null) {
            throw in.error("time: must be the start of an hour in local time with its UTC offset, like"
                    + " 2016-08-01T00:00-07:00, was '" + text + "'");
        }
        return time;
    }

    /**
     * Parses {@code yyyy-MM-ddTHH:00} followed by {@code Z} or {@code ±HH:MM}, by hand: a formatter
     * is several times slower, and this runs once per hour of both hourly files.
     *
     * @return the time, or null if the text is not a valid time at the start of an hour
     */
    static OffsetDateTime parseTime(String text) {
        int n = text.length();
        if ((n != 17 && n != 22) || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(14) != '0' || text.charAt(15) != '0') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        if (year < 0 || month < 0 || day < 0 || hour < 0) {
            return null;
        }
        ZoneOffset offset;
        char sign = text.charAt(16);
        if (n == 17) {
            if (sign != 'Z') {
                return null;
            }
            offset = ZoneOffset.UTC;
        } else {
            int oh = digits(text, 17, 19);
            int om = digits(text, 20, 22);
            if ((sign != '+' && sign != '-') || text.charAt(19) != ':' || oh < 0 || om < 0) {
                return null;
            }
            int s = sign == '+' ? 1 : -1;
            try {
                offset = ZoneOffset.ofHoursMinutes(s * oh, s * om);
            } catch (DateTimeException e) {
                return null;
            }
        }
        try {
            return OffsetDateTime.of(year, month, day, hour, 0, 0, 0, offset);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal value of {@code text[from, to)}, or -1 if a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int whole(CsvInput in, String text, String field, int max, String unit) throws DataException {
        // by hand rather than a regular expression: this runs twice per row of the hourly file
        int n = text.length();
        if (n >= 1 && n <= 7 && (n == 1 || text.charAt(0) != '0')) {
            int value = 0;
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    value = -1;
                    break;
                }
                value = value * 10 + (c - '0');
            }
            if (value >= 0 && value <= max) {
                return value;
            }
        }
        throw in.error(field + ": must be a whole number of " + unit + " in [0, " + max + "], was '" + text + "'");
    }

    private static Flag flag(CsvInput in, String text, Set<Flag> allowed) throws DataException {
        for (Flag f : allowed) {
            if (f.label().equals(text)) {
                return f;
            }
        }
        List<String> labels = new ArrayList<>();
        for (Flag f : allowed) {
            labels.add(f.label().isEmpty() ? "empty" : f.label());
        }
        throw in.error("flag: must be " + String.join(", ", labels) + ", was '" + text + "'");
    }

    static String format(Instant instant, int offsetSeconds) {
        return TIME.format(instant.atOffset(ZoneOffset.ofTotalSeconds(offsetSeconds)));
    }

    /** @return where the data came from: "the embedded data" or the directory */
    public String source() {
        return source;
    }

    /** @return the homes in the order of {@code homes.csv}; unmodifiable */
    public List<Home> homes() {
        return homes;
    }

    /**
     * @param id a home id
     * @return the home
     * @throws IllegalArgumentException if there is no such home
     */
    public Home home(String id) {
        return homes.get(indexOf(id));
    }

    int indexOf(String id) {
        Integer h = homeIndex.get(id);
        if (h == null) {
            throw new IllegalArgumentException("home: unknown home '" + id + "'");
        }
        return h;
    }

    /** @return the number of hours, a positive multiple of 24 */
    public int hours() {
        return hours;
    }

    /** @return the number of days, {@code hours() / 24} */
    public int days() {
        return hours / 24;
    }

    /** @return the date of day 0: the local date of the first hour */
    public LocalDate firstDate() {
        return start.atOffset(ZoneOffset.ofTotalSeconds(offsetSeconds[0])).toLocalDate();
    }

    /** @return the date of the last day */
    public LocalDate lastDate() {
        return firstDate().plusDays(days() - 1L);
    }

    /**
     * @param hour an hour index, {@code 0 <= hour < hours()}
     * @return the local start of that hour, with the offset the data gives for it
     * @throws IndexOutOfBoundsException if the index is outside the data
     */
    public OffsetDateTime hourStart(int hour) {
        java.util.Objects.checkIndex(hour, hours);
        return start.plusSeconds(3600L * hour).atOffset(ZoneOffset.ofTotalSeconds(offsetSeconds[hour]));
    }

    /**
     * @param date a date from {@link #firstDate()} to {@link #lastDate()}
     * @return its day index
     * @throws IllegalArgumentException if the data has no such day
     */
    public int dayIndex(LocalDate date) {
        long d = date.toEpochDay() - firstDate().toEpochDay();
        if (d < 0 || d >= days()) {
            throw new IllegalArgumentException("date: the data covers " + firstDate() + " to " + lastDate()
                    + ", was " + date);
        }
        return (int) d;
    }

    /**
     * @param date a date from {@link #firstDate()} to {@link #lastDate()}
     * @return the 24 hours of that day
     * @throws IllegalArgumentException if the data has no such day
     */
    public DayData day(LocalDate date) {
        return day(dayIndex(date));
    }

    /**
     * @param index a day index, {@code 0 <= index < days()}
     * @return the 24 hours of that day
     * @throws IndexOutOfBoundsException if the index is outside the data
     */
    public DayData day(int index) {
        java.util.Objects.checkIndex(index, days());
        int n = homes.size();
        OffsetDateTime[] starts = new OffsetDateTime[DayData.SLOTS];
        double[][] load = new double[n][DayData.SLOTS];
        double[][] pv = new double[n][DayData.SLOTS];
        Flag[][] flag = new Flag[n][DayData.SLOTS];
        double[] wind = new double[DayData.SLOTS];
        Flag[] windFlag = new Flag[DayData.SLOTS];
        Flag[] values = Flag.values();
        for (int t = 0; t < DayData.SLOTS; t++) {
            int hour = index * DayData.SLOTS + t;
            starts[t] = hourStart(hour);
            for (int h = 0; h < n; h++) {
                int cell = hour * n + h;
                load[h][t] = loadWh[cell] / 1000.0;
                pv[h][t] = pvWh[cell] / 1000.0;
                flag[h][t] = values[flags[cell]];
            }
            wind[t] = windWh[hour] / 1000.0;
            windFlag[t] = values[windFlags[hour]];
        }
        return new DayData(firstDate().plusDays(index), starts, homes, homeIndex, load, pv, flag, wind, windFlag);
    }

    @Override
    public String toString() {
        return "CommunityData[" + source + ", " + homes.size() + " homes, " + days() + " days from " + firstDate() + "]";
    }
}
