package org.tem.examples.simulate;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tem.api.Battery;
import org.tem.api.DerComponent;
import org.tem.api.Prosumer;
import org.tem.api.Vpp;
import org.tem.examples.data.CommunityVpp;
import org.tem.examples.synthetic.SyntheticScenario;

/** Days of {@link SyntheticScenario}, batteries restarted from the carried-over energy. */
final class SyntheticDays implements DaySource {
    private final int prosumers;
    private final long seed;
    private final LocalDate start;

    SyntheticDays(int prosumers, long seed, LocalDate start) {
        this.prosumers = prosumers;
        this.seed = seed;
        this.start = start;
    }

    @Override
    public String description() {
        return "synthetic data (tem's generator, seed " + seed + ", time-of-use tariff)";
    }

    @Override
    public List<String> attribution() {
        return List.of();
    }

    @Override
    public String currency() {
        return "currency units";
    }

    @Override
    public int prosumers() {
        return prosumers;
    }

    @Override
    public LocalDate date(int day) {
        if (day < 0) {
            throw new IndexOutOfBoundsException("day: must be >= 0, was " + day);
        }
        return start.plusDays(day);
    }

    @Override
    public OffsetDateTime slotStart(int day, int slot) {
        Objects.checkIndex(slot, 24);
        return date(day).atTime(slot, 0).atOffset(ZoneOffset.UTC);
    }

    @Override
    public Vpp vpp(int day, Map<String, Double> initialSocKwh) {
        Vpp generated = SyntheticScenario.of(prosumers, seed).day(day).timeOfUse(true).build();
        List<Prosumer> list = new ArrayList<>(generated.size());
        for (Prosumer p : generated.prosumers()) {
            Double soc = initialSocKwh.get(p.id());
            if (soc != null && p.battery().isEmpty()) {
                throw new IllegalArgumentException("initialSocKwh: prosumer '" + p.id() + "' has no battery");
            }
            list.add(soc == null ? p : withInitialEnergy(p, soc));
        }
        for (String id : initialSocKwh.keySet()) {
            generated.indexOf(id);
        }
        return Vpp.builder().horizon(generated.horizon()).market(generated.market()).prosumers(list).build();
    }

    /** The same prosumer with its battery starting (and, by default, ending) at the given energy. */
    private static Prosumer withInitialEnergy(Prosumer p, double socKwh) {
        Battery old = p.battery().orElseThrow();
        double min = old.minSocKwh();
        double max = old.capacityKwh();
        if (!(socKwh >= min - CommunityVpp.SOC_TOLERANCE_KWH && socKwh <= max + CommunityVpp.SOC_TOLERANCE_KWH)) {
            throw new IllegalArgumentException("initialSocKwh." + p.id() + ": must be in [" + min + ", " + max
                    + "], was " + socKwh);
        }
        double soc = Math.max(min, Math.min(max, socKwh));
        Battery battery = Battery.builder().capacityKwh(max).minSocKwh(min).initialSocKwh(soc)
                .maxChargeKwh(old.maxChargeKwh()).maxDischargeKwh(old.maxDischargeKwh())
                .efficiency(old.efficiency()).wearCost(old.wearCost()).build();
        Prosumer.Builder b = Prosumer.builder(p.id()).horizon(p.horizon()).grid(p.grid()).maxTradeKwh(p.maxTradeKwh());
        p.peers().ifPresent(b::peers);
        for (DerComponent c : p.components()) {
            if (c == p.grid()) {
                continue;
            }
            b.component(c instanceof Battery ? battery : c);
        }
        return b.build();
    }
}
