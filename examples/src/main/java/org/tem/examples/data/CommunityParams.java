package org.tem.examples.data;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Month;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import org.tem.api.Topology;

/**
 * The parameters that turn a {@link CommunityData} into prosumers ({@link CommunityVpp}): tariff,
 * market, the flexible share of the load, the home battery, the wind turbines. {@link #defaults()}
 * holds documented values (see {@code docs/data.md} for what each is based on); a JSON parameters
 * file overrides them field by field ({@link #read(Path)}). Money is in US dollars (the data's homes
 * are in California), energy in kWh per one-hour slot. Immutable and thread-safe; every constructor
 * checks its values and names the offending field in an {@link IllegalArgumentException}.
 *
 * @param tariff the grid tariff
 * @param market the P2P and ancillary-service market
 * @param flexibleLoad how each home's load is split into an inflexible and a flexible part
 * @param battery the battery of the homes that have one
 * @param wind which prosumers have a wind turbine, and its size
 */
public record CommunityParams(TariffParams tariff, MarketParams market, FlexibleParams flexibleLoad,
        BatteryParams battery, WindParams wind) {

    /** The number of local clock hours in the hour-indexed price series. */
    public static final int HOURS = 24;

    /**
     * Creates the record.
     *
     * @param tariff the grid tariff
     * @param market the market
     * @param flexibleLoad the load split
     * @param battery the battery
     * @param wind the wind turbines
     * @throws NullPointerException if a part is null
     */
    public CommunityParams {
        Objects.requireNonNull(tariff, "tariff");
        Objects.requireNonNull(market, "market");
        Objects.requireNonNull(flexibleLoad, "flexibleLoad");
        Objects.requireNonNull(battery, "battery");
        Objects.requireNonNull(wind, "wind");
    }

    /**
     * The documented defaults (approximate; see {@code docs/data.md}):
     * <ul>
     *   <li>tariff: time of use after Southern California Edison's residential TOU-D-4-9PM rate —
     *       summer (June to September) 0.41 per kWh from 16:00 to 21:00 local time, 0.27 otherwise;
     *       winter 0.36 from 16:00 to 21:00, 0.26 from 08:00 to 16:00, 0.28 otherwise; a peak rate of
     *       0.50 per kWh of the day's largest hourly import; no import limit;</li>
     *   <li>market: P2P price 0.15 per kWh; ancillary (spinning-reserve) price 0.012 per kWh of
     *       reserve per hour from 16:00 to 21:00 and 0.006 otherwise; bilateral; no trade limit;</li>
     *   <li>flexible load: 20 % of each hour's load, movable within the day, at most twice the day's
     *       largest preferred flexible hour per slot, comfort weight 0.2 per kWh²;</li>
     *   <li>battery (homes that have one): 6.4 kWh usable, 0 minimum, 3.2 kWh at the start and
     *       at least that at the end of a day, 5 kWh per hour either way, one-way efficiency 0.95,
     *       wear 0.05 per kWh charged or discharged;</li>
     *   <li>wind: every third prosumer (the 3rd, 6th, …) has a 2 kW turbine.</li>
     * </ul>
     *
     * @return the defaults
     */
    public static CommunityParams defaults() {
        double[] summer = new double[HOURS];
        double[] winter = new double[HOURS];
        double[] ancillary = new double[HOURS];
        for (int h = 0; h < HOURS; h++) {
            boolean evening = h >= 16 && h < 21;
            summer[h] = evening ? 0.41 : 0.27;
            winter[h] = evening ? 0.36 : h >= 8 && h < 16 ? 0.26 : 0.28;
            ancillary[h] = evening ? 0.012 : 0.006;
        }
        return new CommunityParams(
                new TariffParams(list(summer), list(winter),
                        EnumSet.of(Month.JUNE, Month.JULY, Month.AUGUST, Month.SEPTEMBER), 0.50,
                        Double.POSITIVE_INFINITY),
                new MarketParams(0.15, list(ancillary), Topology.BILATERAL, Double.POSITIVE_INFINITY),
                new FlexibleParams(0.20, 2.0, 0.2),
                new BatteryParams(true, 6.4, 0.0, 3.2, OptionalDouble.empty(), 5.0, 5.0, 0.95, 0.05),
                new WindParams(3, 2.0));
    }

    /**
     * Reads a JSON parameters file over the defaults: every field present replaces the default, every
     * field absent keeps it. Strict: an unknown field, a duplicate key, a wrong type or length, or a
     * value out of range is an error that names the field's path, e.g. {@code battery.capcity:
     * unknown field (known: ...)}.
     *
     * @param file the parameters file, UTF-8 JSON, at most 1 MiB
     * @return the parameters
     * @throws DataException naming the field path when the file is invalid
     * @throws IOException if the file cannot be read
     */
    public static CommunityParams read(Path file) throws IOException {
        return ParamsReader.read(file, defaults());
    }

    /**
     * {@link #read(Path)} for a JSON text.
     *
     * @param json the parameters as JSON
     * @return the parameters
     * @throws DataException naming the field path when the text is invalid
     */
    public static CommunityParams parse(String json) {
        return ParamsReader.parse(json, defaults());
    }

    static List<Double> list(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return Collections.unmodifiableList(out);
    }

    private static List<Double> hourly(String field, List<Double> values, boolean nonNegative) {
        Objects.requireNonNull(values, field);
        if (values.size() != HOURS) {
            throw new IllegalArgumentException(field + ": must have " + HOURS + " values (one per local clock hour),"
                    + " had " + values.size());
        }
        for (int h = 0; h < HOURS; h++) {
            Double v = values.get(h);
            if (v == null || !Double.isFinite(v)) {
                throw new IllegalArgumentException(field + "[" + h + "]: must be a finite number, was " + v);
            }
            if (nonNegative && v < 0) {
                throw new IllegalArgumentException(field + "[" + h + "]: must be >= 0, was " + v);
            }
        }
        return List.copyOf(values);
    }

    private static double finite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + ": must be a finite number, was " + value);
        }
        return value;
    }

    private static double nonNegative(String field, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + ": must be a finite number >= 0, was " + value);
        }
        return value;
    }

    private static double limit(String field, double value) {
        if (Double.isNaN(value) || value < 0) {
            throw new IllegalArgumentException(field + ": must be >= 0 (or absent for no limit), was " + value);
        }
        return value;
    }

    /**
     * The grid tariff. Rates are indexed by the local clock hour at which a slot starts (0 = 00:00 to
     * 01:00), and the season by the slot's local month.
     *
     * @param energyRateSummer {@code α} in the summer months, currency per kWh imported, 24 finite values
     * @param energyRateWinter {@code α} in the other months, 24 finite values
     * @param summerMonths the months that use the summer rates (may be empty)
     * @param peakRate {@code β}, currency per kWh of the day's largest hourly import, {@code >= 0}
     * @param maxImportKwh the most energy imported in one slot, kWh, {@code >= 0}; {@code +∞} for none
     */
    public record TariffParams(List<Double> energyRateSummer, List<Double> energyRateWinter, Set<Month> summerMonths,
            double peakRate, double maxImportKwh) {
        /**
         * Creates the record, checking its values.
         *
         * @param energyRateSummer the summer rates by local hour
         * @param energyRateWinter the winter rates by local hour
         * @param summerMonths the summer months
         * @param peakRate {@code β}
         * @param maxImportKwh the import limit, {@code +∞} for none
         * @throws IllegalArgumentException naming the field when a value is invalid
         */
        public TariffParams {
            energyRateSummer = hourly("tariff.energyRateSummer", energyRateSummer, false);
            energyRateWinter = hourly("tariff.energyRateWinter", energyRateWinter, false);
            Objects.requireNonNull(summerMonths, "tariff.summerMonths");
            summerMonths = Collections.unmodifiableSet(summerMonths.isEmpty() ? EnumSet.noneOf(Month.class)
                    : EnumSet.copyOf(summerMonths));
            nonNegative("tariff.peakRate", peakRate);
            limit("tariff.maxImport", maxImportKwh);
        }

        /**
         * @param month a local month
         * @param hour a local clock hour, 0-23
         * @return the energy rate of a slot that starts then, currency per kWh
         */
        public double energyRate(Month month, int hour) {
            return (summerMonths.contains(month) ? energyRateSummer : energyRateWinter).get(hour);
        }
    }

    /**
     * The market all prosumers share.
     *
     * @param p2pPrice {@code π}, currency per kWh bought from a peer, finite
     * @param ancillaryPrice {@code πAS}, currency per kWh held in reserve in a slot, by the slot's local
     *     clock hour, 24 values {@code >= 0}
     * @param topology bilateral or pool
     * @param maxTradeKwh each prosumer's bound on a trade per slot, kWh, {@code >= 0}; {@code +∞} for none
     */
    public record MarketParams(double p2pPrice, List<Double> ancillaryPrice, Topology topology, double maxTradeKwh) {
        /**
         * Creates the record, checking its values.
         *
         * @param p2pPrice {@code π}
         * @param ancillaryPrice {@code πAS} by local hour
         * @param topology the topology
         * @param maxTradeKwh the trade limit, {@code +∞} for none
         * @throws IllegalArgumentException naming the field when a value is invalid
         */
        public MarketParams {
            finite("market.p2pPrice", p2pPrice);
            ancillaryPrice = hourly("market.ancillaryPrice", ancillaryPrice, true);
            Objects.requireNonNull(topology, "market.topology");
            limit("market.maxTrade", maxTradeKwh);
        }
    }

    /**
     * How each home's load is split: in every hour, {@code share} of the load is a flexible
     * (time-shiftable) load whose daily total is kept, the rest inflexible.
     *
     * @param share the flexible share of each hour's load, in {@code [0, 1]}; 0 for no flexible load
     * @param maxFactor the flexible load's upper bound per slot as a multiple of the day's largest
     *     preferred flexible hour, {@code >= 1} (the lower bound is 0)
     * @param comfortWeight {@code w}, currency per kWh² of deviation from the preferred profile, {@code >= 0}
     */
    public record FlexibleParams(double share, double maxFactor, double comfortWeight) {
        /**
         * Creates the record, checking its values.
         *
         * @param share the flexible share
         * @param maxFactor the upper-bound factor
         * @param comfortWeight {@code w}
         * @throws IllegalArgumentException naming the field when a value is invalid
         */
        public FlexibleParams {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("flexibleLoad.share: must be in [0, 1], was " + share);
            }
            if (!(maxFactor >= 1) || !Double.isFinite(maxFactor)) {
                throw new IllegalArgumentException("flexibleLoad.maxFactor: must be a finite number >= 1, was "
                        + maxFactor);
            }
            nonNegative("flexibleLoad.comfortWeight", comfortWeight);
        }
    }

    /**
     * The battery given to each prosumer whose home has one (field names as in the scenario file).
     *
     * @param enabled false to give no prosumer a battery
     * @param capacityKwh usable capacity, kWh, {@code > 0}
     * @param minSocKwh the least stored energy, kWh, in {@code [0, capacity]}
     * @param initialSocKwh the stored energy at the start of a day unless a simulation carries it over,
     *     kWh, in {@code [min, capacity]}
     * @param terminalSocKwh the least stored energy at the end of a day; empty for "the day's initial
     *     energy" (the model's default)
     * @param maxChargeKwh the most energy charged in one slot, kWh, {@code >= 0}
     * @param maxDischargeKwh the most energy discharged in one slot, kWh, {@code >= 0}
     * @param efficiency one-way efficiency {@code η}, in {@code (0, 1]}
     * @param wearCost {@code κ}, currency per kWh charged or discharged, {@code >= 0}
     */
    public record BatteryParams(boolean enabled, double capacityKwh, double minSocKwh, double initialSocKwh,
            OptionalDouble terminalSocKwh, double maxChargeKwh, double maxDischargeKwh, double efficiency,
            double wearCost) {
        /**
         * Creates the record, checking its values with the DSL's own battery rules.
         *
         * @param enabled false for no batteries
         * @param capacityKwh capacity
         * @param minSocKwh minimum
         * @param initialSocKwh initial energy
         * @param terminalSocKwh terminal energy, empty for the initial one
         * @param maxChargeKwh charge limit per slot
         * @param maxDischargeKwh discharge limit per slot
         * @param efficiency one-way efficiency
         * @param wearCost wear cost
         * @throws IllegalArgumentException naming the field ({@code battery.capacity}, …) when a value
         *     is invalid
         */
        public BatteryParams {
            Objects.requireNonNull(terminalSocKwh, "battery.terminal");
            // the fields are not assigned yet in a compact constructor: check through the static form
            battery(capacityKwh, minSocKwh, initialSocKwh, terminalSocKwh, maxChargeKwh, maxDischargeKwh, efficiency,
                    wearCost);
        }

        /**
         * @param initialKwh the stored energy at the start of the day, kWh
         * @return a battery with these parameters
         * @throws IllegalArgumentException naming the field when the initial energy is outside
         *     {@code [min, capacity]} or a parameter is invalid
         */
        public org.tem.api.Battery toBattery(double initialKwh) {
            return battery(capacityKwh, minSocKwh, initialKwh, terminalSocKwh, maxChargeKwh, maxDischargeKwh, efficiency,
                    wearCost);
        }

        private static org.tem.api.Battery battery(double capacity, double min, double initial, OptionalDouble terminal,
                double charge, double discharge, double eta, double wear) {
            org.tem.api.Battery.Builder b = org.tem.api.Battery.builder().capacityKwh(capacity).minSocKwh(min)
                    .initialSocKwh(initial).maxChargeKwh(charge).maxDischargeKwh(discharge).efficiency(eta)
                    .wearCost(wear);
            if (terminal.isPresent()) {
                b.terminalSocKwh(terminal.getAsDouble());
            }
            return b.build();
        }
    }

    /**
     * Which prosumers have a small wind turbine: prosumer {@code i} (0-based) has one when {@code
     * every > 0} and {@code i mod every = every − 1}; its yield is the data's wind energy per kW times
     * {@code turbineKw}.
     *
     * @param every one prosumer in {@code every} has a turbine, {@code >= 0}; 0 for none
     * @param turbineKw the rated power of a turbine, kW, in {@code [0, 1000]}
     */
    public record WindParams(int every, double turbineKw) {
        /**
         * Creates the record, checking its values.
         *
         * @param every one prosumer in {@code every} has a turbine; 0 for none
         * @param turbineKw the rated power, kW
         * @throws IllegalArgumentException naming the field when a value is invalid
         */
        public WindParams {
            if (every < 0) {
                throw new IllegalArgumentException("wind.every: must be >= 0, was " + every);
            }
            if (!(turbineKw >= 0 && turbineKw <= 1000)) {
                throw new IllegalArgumentException("wind.turbineKw: must be in [0, 1000], was " + turbineKw);
            }
        }

        /**
         * @param prosumer a prosumer index, 0-based
         * @return true when that prosumer has a turbine
         */
        public boolean hasTurbine(int prosumer) {
            return every > 0 && turbineKw > 0 && prosumer % every == every - 1;
        }
    }
}
