package org.tem.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tem.api.Battery;
import org.tem.api.FlexibleLoad;
import org.tem.api.GridConnection;
import org.tem.api.Prosumer;
import org.tem.api.Renewable;
import org.tem.api.Solution;
import org.tem.api.SolveStatus;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.solver.CentralSolver;

/** The rules that turn a day of the embedded data into prosumers, and the feasibility of the result. */
class CommunityVppTest {
    private static final CommunityData DATA = CommunityData.embedded();
    private static final CommunityVpp DEFAULTS = CommunityVpp.of(DATA, CommunityParams.defaults());
    private static final LocalDate SUMMER = LocalDate.of(2016, 8, 15);
    private static final LocalDate WINTER = LocalDate.of(2017, 1, 15);

    @Test
    void tenProsumersOnASummerDayAreFeasibleAndSolveToOptimality() {
        Solution s = new CentralSolver().solve(DEFAULTS.day(SUMMER, 10));
        assertEquals(SolveStatus.OPTIMAL, s.status(), s.message());
        assertEquals(10, s.schedules().size());
    }

    @Test
    void tenProsumersOnAWinterDayAreFeasibleAndSolveToOptimality() {
        Solution s = new CentralSolver().solve(DEFAULTS.day(WINTER, 10));
        assertEquals(SolveStatus.OPTIMAL, s.status(), s.message());
    }

    @Test
    void moreProsumersThanHomesArePoolTradedAndStillOptimal() {
        CommunityParams pool = CommunityParams.parse("{\"market\": {\"topology\": \"pool\"}}");
        Vpp vpp = CommunityVpp.of(DATA, pool).day(LocalDate.of(2017, 7, 31), 20);
        assertEquals(Topology.POOL, vpp.market().topology());
        Solution s = new CentralSolver().solve(vpp);
        assertEquals(SolveStatus.OPTIMAL, s.status(), s.message());
    }

    @Test
    void loadIsSplitIntoInflexibleAndAFlexibleShareWithTheSameTotal() {
        Vpp vpp = DEFAULTS.day(SUMMER, 1);
        Prosumer b01 = vpp.prosumers().get(0);
        double[] load = DATA.day(SUMMER).loadKwh("B01");
        double[] inflexible = b01.inflexibleLoadKwh();
        FlexibleLoad flex = b01.components(FlexibleLoad.class).get(0);
        double[] preferred = flex.preferredKwh();
        double largest = 0;
        for (int t = 0; t < 24; t++) {
            assertEquals(0.2 * load[t], preferred[t], 1e-12);
            assertEquals(load[t], inflexible[t] + preferred[t], 1e-12);
            largest = Math.max(largest, preferred[t]);
        }
        assertTrue(flex.hasFlatBounds());
        assertEquals(0.0, flex.minKwh(0));
        assertEquals(2.0 * largest, flex.maxKwh(0), 1e-12);
        assertEquals(0.2, flex.comfortWeight());
    }

    @Test
    void shareZeroGivesNoFlexibleLoad() {
        Vpp vpp = CommunityVpp.of(DATA, CommunityParams.parse("{\"flexibleLoad\": {\"share\": 0}}")).day(SUMMER, 1);
        Prosumer b01 = vpp.prosumers().get(0);
        assertTrue(b01.components(FlexibleLoad.class).isEmpty());
        assertArrayEquals(DATA.day(SUMMER).loadKwh("B01"), b01.inflexibleLoadKwh());
    }

    @Test
    void homesWithBatteriesGetTheParametersBatteryAndPvIsCurtailable() {
        Vpp vpp = DEFAULTS.day(SUMMER, 13);
        for (Prosumer p : vpp.prosumers()) {
            Home home = DATA.home(p.id());
            assertEquals(home.hasBattery(), p.battery().isPresent(), p.id());
            Renewable pv = p.components(Renewable.class).get(0);
            assertEquals("pv", pv.name());
            assertTrue(pv.curtailable());
            assertArrayEquals(DATA.day(SUMMER).pvKwh(p.id()), pv.forecastKwh());
        }
        Battery b = vpp.prosumers().get(0).battery().orElseThrow();
        assertEquals(6.4, b.capacityKwh());
        assertEquals(0.0, b.minSocKwh());
        assertEquals(3.2, b.initialSocKwh());
        assertEquals(3.2, b.terminalSocKwh());
        assertEquals(5.0, b.maxChargeKwh());
        assertEquals(5.0, b.maxDischargeKwh());
        assertEquals(0.95, b.efficiency());
        assertEquals(0.05, b.wearCost());
        CommunityParams off = CommunityParams.parse("{\"battery\": {\"enabled\": false}}");
        assertTrue(CommunityVpp.of(DATA, off).day(SUMMER, 13).prosumers().stream().noneMatch(p -> p.battery().isPresent()));
    }

    @Test
    void everyThirdProsumerHasAWindTurbineScaledFromTheCommunityWind() {
        Vpp vpp = DEFAULTS.day(WINTER, 10);
        double[] perKw = DATA.day(WINTER).windKwhPerKw();
        for (int i = 0; i < 10; i++) {
            List<Renewable> wind = vpp.prosumers().get(i).components(Renewable.class).stream()
                    .filter(r -> r.name().equals("wind")).toList();
            assertEquals(i % 3 == 2, wind.size() == 1, "prosumer " + i);
            if (!wind.isEmpty()) {
                double[] forecast = wind.get(0).forecastKwh();
                for (int t = 0; t < 24; t++) {
                    assertEquals(2.0 * perKw[t], forecast[t], 1e-12);
                }
            }
        }
        CommunityParams none = CommunityParams.parse("{\"wind\": {\"every\": 0}}");
        assertTrue(CommunityVpp.of(DATA, none).members(10).stream().noneMatch(CommunityVpp.Member::wind));
    }

    @Test
    void prosumersBeyondTheHomesAreTheSameHomesOnLaterDays() {
        List<CommunityVpp.Member> members = DEFAULTS.members(28);
        assertEquals("B01", members.get(0).id());
        assertEquals("B17", members.get(12).id());
        assertEquals("B01+1d", members.get(13).id());
        assertEquals(1, members.get(13).dayShift());
        assertEquals("B01+2d", members.get(26).id());
        assertEquals("B02+2d", members.get(27).id());
        Vpp vpp = DEFAULTS.day(SUMMER, 14);
        Prosumer copy = vpp.prosumers().get(13);
        double[] next = DATA.day(SUMMER.plusDays(1)).loadKwh("B01");
        double[] total = copy.inflexibleLoadKwh();
        double[] preferred = copy.components(FlexibleLoad.class).get(0).preferredKwh();
        for (int t = 0; t < 24; t++) {
            assertEquals(next[t], total[t] + preferred[t], 1e-12);
        }
        // the last day wraps to the first
        Prosumer wrapped = DEFAULTS.day(DATA.lastDate(), 14).prosumers().get(13);
        assertArrayEquals(DATA.day(0).pvKwh("B01"), wrapped.components(Renewable.class).get(0).forecastKwh());
        assertEquals(13 * 365, DEFAULTS.maxProsumers());
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.members(0));
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.members(13 * 365 + 1));
    }

    @Test
    void tariffFollowsTheLocalClockAndSeason() {
        GridConnection summer = DEFAULTS.day(SUMMER, 1).prosumers().get(0).grid();
        // summer days start at 00:00 PDT: slot t is hour t
        assertEquals(0.27, summer.energyRate(15));
        assertEquals(0.41, summer.energyRate(16));
        assertEquals(0.41, summer.energyRate(20));
        assertEquals(0.27, summer.energyRate(21));
        assertEquals(0.50, summer.peakRate());
        assertEquals(Double.POSITIVE_INFINITY, summer.maxImportKwh());
        // winter days start at 23:00 PST: slot t is hour t - 1, and slot 0 is 23:00 of the evening before
        GridConnection winter = DEFAULTS.day(WINTER, 1).prosumers().get(0).grid();
        assertEquals(0.28, winter.energyRate(0));
        assertEquals(0.28, winter.energyRate(8)); // 07:00
        assertEquals(0.26, winter.energyRate(9)); // 08:00
        assertEquals(0.26, winter.energyRate(16)); // 15:00
        assertEquals(0.36, winter.energyRate(17)); // 16:00
        assertEquals(0.36, winter.energyRate(21)); // 20:00
        assertEquals(0.28, winter.energyRate(22)); // 21:00
        Vpp vpp = DEFAULTS.day(WINTER, 2);
        assertEquals(0.15, vpp.market().p2pPrice());
        assertEquals(0.006, vpp.market().ancillaryPrice(16));
        assertEquals(0.012, vpp.market().ancillaryPrice(17));
        assertEquals(Topology.BILATERAL, vpp.market().topology());
    }

    @Test
    void initialStateOfChargeIsSetPerProsumer() {
        Vpp vpp = DEFAULTS.day(SUMMER, 14, Map.of("B01", 5.5, "B01+1d", 0.25));
        assertEquals(5.5, vpp.prosumers().get(0).battery().orElseThrow().initialSocKwh());
        assertEquals(5.5, vpp.prosumers().get(0).battery().orElseThrow().terminalSocKwh());
        assertEquals(3.2, vpp.prosumers().get(1).battery().orElseThrow().initialSocKwh());
        assertEquals(0.25, vpp.prosumers().get(13).battery().orElseThrow().initialSocKwh());
        Solution s = new CentralSolver().solve(DEFAULTS.day(SUMMER, 3, Map.of("B02", 6.4)));
        assertEquals(SolveStatus.OPTIMAL, s.status(), s.message());
    }

    @Test
    void initialStateOfChargeIsRejectedForUnknownProsumersHomesWithoutBatteryAndOutOfRange() {
        assertEquals("initialSocKwh: 'B04' is not a prosumer with a battery",
                assertThrows(IllegalArgumentException.class, () -> DEFAULTS.day(SUMMER, 13, Map.of("B04", 1.0)))
                        .getMessage());
        assertEquals("initialSocKwh: 'B09' is not a prosumer with a battery",
                assertThrows(IllegalArgumentException.class, () -> DEFAULTS.day(SUMMER, 3, Map.of("B09", 1.0)))
                        .getMessage());
        assertEquals("initialSocKwh[B01]: battery.initial: must be in [min, capacity] = [0.0, 6.4], was 7.0",
                assertThrows(IllegalArgumentException.class, () -> DEFAULTS.day(SUMMER, 3, Map.of("B01", 7.0)))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.day(LocalDate.of(2017, 8, 1), 3));
    }

    /** The loop of docs/data.md ("From Java"): each day starts from the energy the last day ended with. */
    @Test
    void batteryEnergyCarriesOverFromDayToDay() {
        Map<String, Double> soc = Map.of();
        CommunityParams params = CommunityParams.parse("{\"battery\": {\"terminal\": 0}}");
        CommunityVpp community = CommunityVpp.of(DATA, params);
        for (LocalDate day = SUMMER; day.isBefore(SUMMER.plusDays(2)); day = day.plusDays(1)) {
            Vpp vpp = community.day(day, 4, soc);
            Solution solution = new CentralSolver().solve(vpp);
            assertEquals(SolveStatus.OPTIMAL, solution.status(), solution.message());
            Map<String, Double> next = new java.util.HashMap<>();
            for (Prosumer p : vpp.prosumers()) {
                if (p.battery().isPresent()) {
                    assertEquals(soc.getOrDefault(p.id(), 3.2), p.battery().orElseThrow().initialSocKwh(), 1e-6);
                    double[] energy = solution.schedule(p.id()).series("soc");
                    next.put(p.id(), energy[energy.length - 1]);
                }
            }
            assertEquals(List.of("B01", "B02", "B03"), next.keySet().stream().sorted().toList());
            soc = next;
        }
    }

    @Test
    void initialEnergyWithinRoundOffOfABoundIsClampedOntoIt() {
        double tiny = CommunityVpp.SOC_TOLERANCE_KWH / 2;
        Vpp vpp = DEFAULTS.day(SUMMER, 2, Map.of("B01", -tiny, "B02", 6.4 + tiny));
        assertEquals(0.0, vpp.prosumers().get(0).battery().orElseThrow().initialSocKwh());
        assertEquals(6.4, vpp.prosumers().get(1).battery().orElseThrow().initialSocKwh());
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.day(SUMMER, 2, Map.of("B01", -1e-5)));
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.day(SUMMER, 2, Map.of("B01", 6.4 + 1e-5)));
    }

    @Test
    void limitsAndTerminalEnergyFromTheParametersAreApplied() {
        CommunityParams p = CommunityParams.parse("{\"tariff\": {\"maxImport\": 9}, \"market\": {\"maxTrade\": 2.5},"
                + " \"battery\": {\"terminal\": 1.0}}");
        Vpp vpp = CommunityVpp.of(DATA, p).day(SUMMER, 3);
        Prosumer b01 = vpp.prosumers().get(0);
        assertEquals(9.0, b01.grid().maxImportKwh());
        assertEquals(2.5, b01.maxTradeKwh());
        assertEquals(1.0, b01.battery().orElseThrow().terminalSocKwh());
        assertFalse(Double.isInfinite(vpp.tradeLimitKwh(0, 1)));
    }
}
