package org.tem.examples.data;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tem.api.Horizon;
import org.tem.api.Market;
import org.tem.api.Prosumer;
import org.tem.api.Vpp;
import org.tem.examples.data.CommunityParams.BatteryParams;
import org.tem.examples.data.CommunityParams.FlexibleParams;
import org.tem.examples.data.CommunityParams.TariffParams;

/**
 * Builds the VPP of one day from a {@link CommunityData} and {@link CommunityParams}, by these rules
 * (prosumer {@code i} is 0-based, {@code H} is the number of homes):
 * <ul>
 *   <li><b>Which data.</b> Prosumer {@code i} takes home {@code i mod H} on the day {@code ⌊i/H⌋}
 *       days after the VPP's day (wrapping from the data's last day to its first), so more prosumers
 *       than homes are different days of the same homes. Its id is the home's ({@code B01}) for
 *       {@code i < H}, and the home's with the shift ({@code B01+1d}) after.</li>
 *   <li><b>Load.</b> In every slot, {@code share} of the home's load is the preferred profile of a
 *       flexible load (its daily total is kept; bounds 0 and {@code maxFactor} × the day's largest
 *       preferred slot; the comfort weight of the parameters), the rest is inflexible. With share 0,
 *       or a day without load, there is no flexible load.</li>
 *   <li><b>PV.</b> The home's PV series as a curtailable renewable named {@code pv} (homes with PV
 *       only). Curtailable because the model has no export to the grid: a surplus nobody can use is
 *       curtailed.</li>
 *   <li><b>Battery.</b> The parameters' battery for homes that have one (unless disabled), starting
 *       from the energy given for the prosumer in {@code initialSocKwh} or the parameters' initial
 *       energy.</li>
 *   <li><b>Wind.</b> Prosumers chosen by {@link CommunityParams.WindParams#hasTurbine(int)} get a
 *       curtailable renewable named {@code wind}: the VPP day's wind energy per kW (the same hours for
 *       every prosumer, as they share one site) times the turbine's rated power.</li>
 *   <li><b>Tariff and market.</b> Each slot's energy rate and ancillary price are those of the local
 *       clock hour and month at which the VPP day's slot starts (so a time-of-use peak stays at
 *       16:00-21:00 local time across daylight saving changes); the peak rate, import and trade
 *       limits, P2P price and topology are the parameters'.</li>
 * </ul>
 * Every VPP built is feasible: imports are unlimited by default, renewables curtailable, the battery
 * may stay idle, and the flexible load's preferred profile lies within its bounds. Immutable and
 * thread-safe.
 */
public final class CommunityVpp {
    /**
     * How far outside {@code [min, capacity]} a given initial energy may be and still be accepted
     * (clamped onto the bound), kWh: a solver's final state of charge carries round-off of this size.
     */
    public static final double SOC_TOLERANCE_KWH = 1e-6;

    private final CommunityData data;
    private final CommunityParams params;

    private CommunityVpp(CommunityData data, CommunityParams params) {
        this.data = data;
        this.params = params;
    }

    /**
     * @param data the data
     * @param params the parameters
     * @return a builder of daily VPPs
     */
    public static CommunityVpp of(CommunityData data, CommunityParams params) {
        return new CommunityVpp(Objects.requireNonNull(data, "data"), Objects.requireNonNull(params, "params"));
    }

    /** @return the data */
    public CommunityData data() {
        return data;
    }

    /** @return the parameters */
    public CommunityParams params() {
        return params;
    }

    /** @return the most prosumers a VPP can have: every home on every day of the data, once */
    public int maxProsumers() {
        return data.homes().size() * data.days();
    }

    /**
     * Where prosumer {@code i} of a VPP takes its data from.
     *
     * @param id its id
     * @param home its home
     * @param dayShift how many days after the VPP's day its load and PV are taken from
     * @param battery true when it gets a battery
     * @param wind true when it gets a wind turbine
     */
    public record Member(String id, Home home, int dayShift, boolean battery, boolean wind) {
    }

    /**
     * @param prosumers the number of prosumers, {@code 1 <= prosumers <= maxProsumers()}
     * @return the members, in prosumer order
     * @throws IllegalArgumentException if the number is out of range
     */
    public List<Member> members(int prosumers) {
        if (prosumers < 1 || prosumers > maxProsumers()) {
            throw new IllegalArgumentException("prosumers: must be in [1, " + maxProsumers() + "] (homes × days of"
                    + " the data), was " + prosumers);
        }
        List<Home> homes = data.homes();
        List<Member> out = new ArrayList<>(prosumers);
        for (int i = 0; i < prosumers; i++) {
            Home home = homes.get(i % homes.size());
            int shift = i / homes.size();
            String id = shift == 0 ? home.id() : home.id() + "+" + shift + "d";
            out.add(new Member(id, home, shift, home.hasBattery() && params.battery().enabled(),
                    params.wind().hasTurbine(i)));
        }
        return List.copyOf(out);
    }

    /**
     * The VPP of a day, every battery starting from the parameters' initial energy.
     *
     * @param date a date of the data
     * @param prosumers the number of prosumers, {@code 1 <= prosumers <= maxProsumers()}
     * @return the VPP
     * @throws IllegalArgumentException if the date is outside the data or the number out of range
     */
    public Vpp day(LocalDate date, int prosumers) {
        return day(date, prosumers, Map.of());
    }

    /**
     * The VPP of a day, with the stored energy each battery starts from (a simulation carries the
     * last day's final energy over).
     *
     * @param date a date of the data
     * @param prosumers the number of prosumers, {@code 1 <= prosumers <= maxProsumers()}
     * @param initialSocKwh the energy at the start of the day, kWh, by prosumer id; prosumers with a
     *     battery that are absent start from the parameters' initial energy; a value at most {@link
     *     #SOC_TOLERANCE_KWH} outside {@code [min, capacity]} is taken as the bound
     * @return the VPP
     * @throws IllegalArgumentException if the date is outside the data, the number out of range, an id
     *     of {@code initialSocKwh} is not a prosumer with a battery, or an energy is outside the
     *     battery's {@code [min, capacity]}
     */
    public Vpp day(LocalDate date, int prosumers, Map<String, Double> initialSocKwh) {
        int index = data.dayIndex(date);
        List<Member> members = members(prosumers);
        Objects.requireNonNull(initialSocKwh, "initialSocKwh");
        Map<String, Double> soc = new HashMap<>();
        for (Map.Entry<String, Double> e : initialSocKwh.entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException("initialSocKwh[" + e.getKey() + "]: must be a number, was null");
            }
            soc.put(e.getKey(), e.getValue());
        }
        for (Member m : members) {
            if (m.battery()) {
                soc.remove(m.id());
            }
        }
        if (!soc.isEmpty()) {
            String id = new java.util.TreeSet<>(soc.keySet()).first();
            throw new IllegalArgumentException("initialSocKwh: '" + id + "' is not a prosumer with a battery");
        }
        DayData today = data.day(index);
        int slots = DayData.SLOTS;
        TariffParams tariff = params.tariff();
        double[] rate = new double[slots];
        double[] ancillary = new double[slots];
        for (int t = 0; t < slots; t++) {
            int hour = today.localHour(t);
            rate[t] = tariff.energyRate(today.slotStart(t).getMonth(), hour);
            ancillary[t] = params.market().ancillaryPrice().get(hour);
        }
        double[] windPerKw = today.windKwhPerKw();
        Horizon horizon = Horizon.hourly(slots);
        List<Prosumer> list = new ArrayList<>(members.size());
        for (Member m : members) {
            DayData own = m.dayShift() == 0 ? today : data.day((index + m.dayShift()) % data.days());
            list.add(prosumer(m, own, horizon, rate, windPerKw, initialSocKwh.get(m.id())));
        }
        Market market = Market.builder().p2pPrice(params.market().p2pPrice()).ancillaryPrice(ancillary)
                .topology(params.market().topology()).build();
        return Vpp.builder().horizon(horizon).market(market).prosumers(list).build();
    }

    private Prosumer prosumer(Member m, DayData day, Horizon horizon, double[] rate, double[] windPerKw,
            Double initialSoc) {
        TariffParams tariff = params.tariff();
        Prosumer.Builder b = Prosumer.builder(m.id()).horizon(horizon)
                .grid(g -> g.energyRate(rate).peakRate(tariff.peakRate()).maxImportKwh(tariff.maxImportKwh()));
        double[] load = day.loadKwh(m.home().id());
        FlexibleParams flex = params.flexibleLoad();
        double[] preferred = new double[load.length];
        double[] inflexible = new double[load.length];
        double total = 0;
        double largest = 0;
        for (int t = 0; t < load.length; t++) {
            // share <= 1, so share·load <= load in floating point and the inflexible part stays >= 0
            preferred[t] = flex.share() * load[t];
            inflexible[t] = load[t] - preferred[t];
            total += preferred[t];
            largest = Math.max(largest, preferred[t]);
        }
        b.inflexibleLoadKwh(inflexible);
        if (total > 0) {
            double max = flex.maxFactor() * largest;
            b.flexibleLoad(f -> f.preferredKwh(preferred).bounds(0, max).comfortWeight(flex.comfortWeight()));
        }
        if (m.home().pvKw() > 0) {
            double[] pv = day.pvKwh(m.home().id());
            b.renewable(r -> r.name("pv").forecastKwh(pv).curtailable(true));
        }
        if (m.battery()) {
            BatteryParams battery = params.battery();
            double initial = initialSoc == null ? battery.initialSocKwh() : initialSoc;
            // a solver's final energy may lie a hair outside the bounds; round-off, not an error
            if (initial < battery.minSocKwh() && initial >= battery.minSocKwh() - SOC_TOLERANCE_KWH) {
                initial = battery.minSocKwh();
            } else if (initial > battery.capacityKwh() && initial <= battery.capacityKwh() + SOC_TOLERANCE_KWH) {
                initial = battery.capacityKwh();
            }
            org.tem.api.Battery unit;
            try {
                unit = battery.toBattery(initial);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("initialSocKwh[" + m.id() + "]: " + e.getMessage(), e);
            }
            b.component(unit);
        }
        if (m.wind()) {
            double kw = params.wind().turbineKw();
            double[] wind = new double[windPerKw.length];
            for (int t = 0; t < wind.length; t++) {
                wind[t] = kw * windPerKw[t];
            }
            b.renewable(r -> r.name("wind").forecastKwh(wind).curtailable(true));
        }
        double maxTrade = params.market().maxTradeKwh();
        if (maxTrade != Double.POSITIVE_INFINITY) {
            b.maxTradeKwh(maxTrade);
        }
        return b.build();
    }
}
