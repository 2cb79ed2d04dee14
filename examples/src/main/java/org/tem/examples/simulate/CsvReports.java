package org.tem.examples.simulate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.tem.api.Prosumer;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Series;
import org.tem.api.Vpp;

/**
 * The run's two CSV files, for the coordinated schedules: comma-separated, a header line, {@code \n}
 * line ends, numbers in plain decimal notation rounded to 6 decimals (1 Wh is 0.001 kWh).
 */
final class CsvReports {
    /** The columns of {@code schedules.csv}. */
    static final List<String> SCHEDULE_COLUMNS = List.of("day", "date", "slot", "slot_start", "prosumer",
            "inflexible_load_kwh", "grid_kwh", "renewable_kwh", "flexible_load_kwh", "charge_kwh", "discharge_kwh",
            "soc_kwh", "reserve_kwh", "net_trade_kwh");
    /** The columns of {@code trades.csv}. */
    static final List<String> TRADE_COLUMNS = List.of("day", "date", "slot", "slot_start", "prosumer", "peer",
            "bought_kwh");

    private static final List<String> SERIES = List.of(Series.GRID, Series.RENEWABLE, Series.FLEXIBLE_LOAD,
            Series.CHARGE, Series.DISCHARGE, Series.SOC, Series.RESERVE);

    private CsvReports() {
    }

    /**
     * {@code schedules.csv}: one row per day, slot and prosumer (day 1-based, slot 0-based, slot_start
     * the slot's local start with its UTC offset): the inflexible load (data) and every scheduled
     * series in kWh per slot ({@code soc_kwh} is the energy stored at the end of the slot), and the net
     * P2P trade (positive = bought).
     */
    static void schedules(SimulationRun run, OutputStream stream) throws IOException {
        Writer out = writer(stream);
        out.write(String.join(",", SCHEDULE_COLUMNS));
        out.write('\n');
        StringBuilder line = new StringBuilder(256);
        for (DayRecord day : run.days()) {
            Vpp vpp = day.vpp();
            for (int t = 0; t < vpp.horizon().slots(); t++) {
                String prefix = (day.day() + 1) + "," + day.date() + "," + t + "," + run.source().slotStart(day.day(), t);
                for (Prosumer p : vpp.prosumers()) {
                    ProsumerSchedule s = day.coordinated().schedule(p.id());
                    line.setLength(0);
                    line.append(prefix).append(',').append(p.id()).append(',').append(number(p.inflexibleLoadKwh()[t]));
                    for (String name : SERIES) {
                        line.append(',').append(number(s.series(name)[t]));
                    }
                    line.append(',').append(number(s.netTrade()[t])).append('\n');
                    out.append(line);
                }
            }
        }
        out.flush();
    }

    /**
     * {@code trades.csv}: every pair of prosumers that may trade, once (prosumer before peer in the VPP's
     * order), every slot: {@code bought_kwh} is the energy the prosumer bought from the peer in the slot
     * (negative = sold to it), the average of the two sides' reports {@code (p_uv − p_vu) / 2}.
     */
    static void trades(SimulationRun run, OutputStream stream) throws IOException {
        Writer out = writer(stream);
        out.write(String.join(",", TRADE_COLUMNS));
        out.write('\n');
        StringBuilder line = new StringBuilder(128);
        for (DayRecord day : run.days()) {
            Vpp vpp = day.vpp();
            double[][][] pairs = RunFigures.pairTrades(vpp, day.coordinated());
            for (int t = 0; t < vpp.horizon().slots(); t++) {
                String prefix = (day.day() + 1) + "," + day.date() + "," + t + "," + run.source().slotStart(day.day(), t);
                for (int u = 0; u < vpp.size(); u++) {
                    for (int v = u + 1; v < vpp.size(); v++) {
                        if (pairs[u][v] == null) {
                            continue;
                        }
                        line.setLength(0);
                        line.append(prefix).append(',').append(vpp.prosumers().get(u).id()).append(',')
                                .append(vpp.prosumers().get(v).id()).append(',').append(number(pairs[u][v][t]))
                                .append('\n');
                        out.append(line);
                    }
                }
            }
        }
        out.flush();
    }

    /**
     * @param kwh a value
     * @return it rounded to 6 decimals in plain notation, without trailing zeros; {@code 0} for a value
     *     that rounds to zero (never {@code -0}); empty for NaN
     */
    static String number(double kwh) {
        if (!Double.isFinite(kwh)) {
            return "";
        }
        BigDecimal d = BigDecimal.valueOf(kwh).setScale(6, RoundingMode.HALF_EVEN);
        if (d.signum() == 0) {
            return "0";
        }
        return d.stripTrailingZeros().toPlainString();
    }

    private static Writer writer(OutputStream stream) {
        return new OutputStreamWriter(stream, StandardCharsets.UTF_8);
    }
}
