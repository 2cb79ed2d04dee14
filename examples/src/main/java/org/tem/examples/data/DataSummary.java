package org.tem.examples.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a data set and prints what it holds: the embedded data, or a directory in the format of
 * {@link CommunityData} (so a data directory can be checked before a simulation uses it):
 *
 * <pre>{@code
 * java -cp examples/target/tem.jar org.tem.examples.data.DataSummary           # the embedded data
 * java -cp examples/target/tem.jar org.tem.examples.data.DataSummary my-data   # a directory
 * }</pre>
 *
 * It prints the homes, the period, yearly means, the filled hours per flag and how long reading
 * took (wall clock, and CPU time of the reading thread, which a busy machine disturbs less); on invalid data it prints the reader's message (file and line) and exits with status 2.
 */
public final class DataSummary {
    private DataSummary() {
    }

    /**
     * @param args nothing for the embedded data, or one directory
     */
    public static void main(String[] args) {
        if (args.length > 1) {
            System.err.println("usage: DataSummary [DIR]");
            System.exit(2);
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        CommunityData data;
        try {
            data = args.length == 0 ? CommunityData.embedded() : CommunityData.read(Path.of(args[0]));
        } catch (DataException e) {
            System.err.println("DataSummary: " + e.getMessage());
            System.exit(2);
            return;
        } catch (IOException e) {
            System.err.println("DataSummary: " + e);
            System.exit(1);
            return;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long cpuMillis = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
        for (String line : summary(data)) {
            System.out.println(line);
        }
        System.out.println("read in " + millis + " ms (" + cpuMillis + " ms of CPU on the reading thread)");
    }

    /**
     * @param data a data set
     * @return a few lines describing it
     */
    static List<String> summary(CommunityData data) {
        List<Home> homes = data.homes();
        double load = 0;
        double pv = 0;
        double wind = 0;
        Map<Flag, Integer> homeFlags = new EnumMap<>(Flag.class);
        int windFilled = 0;
        for (int d = 0; d < data.days(); d++) {
            DayData day = data.day(d);
            for (Home h : homes) {
                double[] l = day.loadKwh(h.id());
                double[] p = day.pvKwh(h.id());
                for (int t = 0; t < DayData.SLOTS; t++) {
                    load += l[t];
                    pv += p[t];
                    homeFlags.merge(day.flag(h.id(), t), 1, Integer::sum);
                }
            }
            double[] w = day.windKwhPerKw();
            for (int t = 0; t < DayData.SLOTS; t++) {
                wind += w[t];
                windFilled += day.windFlag(t).isFilled() ? 1 : 0;
            }
        }
        double years = data.hours() / 8760.0;
        List<String> out = new ArrayList<>();
        out.add("source: " + data.source());
        out.add("homes: " + homes.size() + " (" + homes.stream().filter(Home::hasBattery).count() + " with a battery)");
        out.add("days: " + data.days() + ", " + data.firstDate() + " to " + data.lastDate() + " (" + data.hours()
                + " hours from " + data.hourStart(0) + ")");
        out.add(String.format(java.util.Locale.ROOT, "per home and year: load %.0f kWh, PV %.0f kWh",
                load / homes.size() / years, pv / homes.size() / years));
        out.add(String.format(java.util.Locale.ROOT, "wind: capacity factor %.3f", wind / data.hours()));
        out.add("filled home-hours: " + homeFlags.getOrDefault(Flag.LOAD_FILLED, 0) + " load_filled, "
                + homeFlags.getOrDefault(Flag.DST_COPY, 0) + " dst_copy; filled wind hours: " + windFilled);
        return out;
    }
}
