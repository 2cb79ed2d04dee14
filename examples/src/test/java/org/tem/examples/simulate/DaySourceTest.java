package org.tem.examples.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tem.api.Battery;
import org.tem.api.Prosumer;
import org.tem.api.Vpp;
import org.tem.examples.data.CommunityData;
import org.tem.examples.data.CommunityParams;
import org.tem.examples.data.CommunityVpp;
import org.tem.examples.synthetic.SyntheticScenario;

class DaySourceTest {
    private static final CommunityVpp COMMUNITY = CommunityVpp.of(CommunityData.embedded(), CommunityParams.defaults());

    @Test
    void realDaysFollowTheStartDateAndTheDataClock() {
        DaySource s = DaySource.real(COMMUNITY, LocalDate.of(2016, 11, 6), 4, 2);
        assertEquals(LocalDate.of(2016, 11, 7), s.date(1));
        assertEquals(OffsetDateTime.parse("2016-11-06T00:00-07:00"), s.slotStart(0, 0));
        // after the change to standard time, a day's first slot starts at 23:00 of the evening before
        assertEquals(OffsetDateTime.parse("2016-11-06T23:00-08:00"), s.slotStart(1, 0));
        assertEquals(4, s.vpp(0, Map.of()).size());
        assertEquals("USD", s.currency());
        assertEquals(2, s.attribution().size());
        assertThrows(IndexOutOfBoundsException.class, () -> s.date(2));
    }

    @Test
    void realDaysRejectARunOutsideTheData() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> DaySource.real(COMMUNITY, LocalDate.of(2017, 7, 30), 3, 3)).getMessage().startsWith("days:"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> DaySource.real(COMMUNITY, LocalDate.of(2016, 7, 31), 3, 1)).getMessage().startsWith("start:"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> DaySource.real(COMMUNITY, LocalDate.of(2016, 8, 1), 0, 1)).getMessage().startsWith("prosumers:"));
    }

    @Test
    void syntheticDaysAreTheGeneratorsDaysWithTheCarriedOverBatteryEnergy() {
        DaySource s = DaySource.synthetic(6, 3, LocalDate.of(2020, 1, 1));
        Vpp fresh = s.vpp(2, Map.of());
        Vpp generated = SyntheticScenario.of(6, 3).day(2).timeOfUse(true).build();
        assertEquals(generated.size(), fresh.size());
        for (int u = 0; u < generated.size(); u++) {
            Prosumer a = generated.prosumers().get(u);
            Prosumer b = fresh.prosumers().get(u);
            assertEquals(a.id(), b.id());
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.inflexibleLoadKwh(), b.inflexibleLoadKwh(), 0.0);
            assertEquals(a.battery().map(Battery::initialSocKwh), b.battery().map(Battery::initialSocKwh),
                    "without carried-over energy a battery keeps the generator's");
        }
        Prosumer withBattery = fresh.prosumers().stream().filter(p -> p.battery().isPresent()).findFirst().orElseThrow();
        Battery original = withBattery.battery().get();
        double carried = original.minSocKwh() + 0.25 * (original.capacityKwh() - original.minSocKwh());

        Vpp next = s.vpp(2, Map.of(withBattery.id(), carried));
        Prosumer p = next.prosumers().get(next.indexOf(withBattery.id()));
        Battery b = p.battery().orElseThrow();
        assertEquals(carried, b.initialSocKwh(), 0.0);
        assertEquals(carried, b.terminalSocKwh(), 0.0, "the day ends with at least the energy it started with");
        assertEquals(original.capacityKwh(), b.capacityKwh(), 0.0);
        assertEquals(original.efficiency(), b.efficiency(), 0.0);
        assertEquals(original.wearCost(), b.wearCost(), 0.0);
        assertEquals(withBattery.components().size(), p.components().size());
        assertEquals(OffsetDateTime.parse("2020-01-03T05:00Z"), s.slotStart(2, 5));
    }

    @Test
    void syntheticDaysRejectEnergyOutsideTheBatteryAndUnknownProsumers() {
        DaySource s = DaySource.synthetic(6, 3, LocalDate.of(2020, 1, 1));
        Vpp fresh = s.vpp(0, Map.of());
        Prosumer withBattery = fresh.prosumers().stream().filter(p -> p.battery().isPresent()).findFirst().orElseThrow();
        Prosumer without = fresh.prosumers().stream().filter(p -> p.battery().isEmpty()).findFirst().orElseThrow();
        double capacity = withBattery.battery().get().capacityKwh();
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> s.vpp(0, Map.of(withBattery.id(), capacity + 0.1))).getMessage()
                .startsWith("initialSocKwh." + withBattery.id()));
        // within the tolerance a solver's round-off is taken as the bound
        assertEquals(capacity, s.vpp(0, Map.of(withBattery.id(), capacity + 1e-9)).prosumers()
                .get(fresh.indexOf(withBattery.id())).battery().get().initialSocKwh(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> s.vpp(0, Map.of(without.id(), 1.0)));
        assertThrows(IllegalArgumentException.class, () -> s.vpp(0, Map.of("nobody", 1.0)));
    }
}
