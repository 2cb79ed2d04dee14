package org.tem.solver.admm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tem.api.Horizon;
import org.tem.api.Prosumer;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Solution;
import org.tem.api.SolveStatus;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.solver.CentralSolver;
import org.tem.solver.VppsForAdmm;

class AdmmSolverTest {

    /**
     * The paper case's central optimum and its default (settled-rule) ADMM solve, computed once and
     * shared by the tests that check it from different sides (each solve takes tens of seconds; the
     * solver is deterministic, so one run is the same as several).
     */
    private static final class Paper {
        static final Vpp VPP = PaperCase.tenHomes();
        static final Solution CENTRAL = new CentralSolver().solve(VPP);
        static final Solution SETTLED = new AdmmSolver(AdmmOptions.DEFAULT, 2, AdmmListener.NONE).solve(VPP);

        private Paper() {
        }
    }

    /**
     * A run stopped at its iteration cap settles no payment, so every reported schedule trades
     * nothing (as the contract keeps zero trades for such a round); each home's own problem is still
     * solved.
     */
    @Test
    void aRunStoppedAtItsCapTradesNothing() {
        Vpp vpp = VppsForAdmm.vpp(4, 6, 5, Topology.BILATERAL);
        Solution s = new AdmmSolver(AdmmOptions.DEFAULT.withMaxIterations(2), 1, it -> { }).solve(vpp);
        assertEquals(SolveStatus.MAX_ITERATIONS, s.status(), s.message());
        assertEquals(vpp.size(), s.schedules().size());
        for (ProsumerSchedule p : s.schedules()) {
            for (double[] t : p.trades().values()) {
                assertTrue(java.util.Arrays.stream(t).allMatch(x -> x == 0), p.id() + " trades at the cap");
            }
        }
    }

    /**
     * Two runs of the same VPP, one on two threads and one on one, give the same iterates and results
     * bit for bit. The instance (4 homes, 6 slots, ≈500 iterations) is small because its size is not
     * the point: what is checked is that the order in which threads finish changes nothing.
     */
    @Test
    void twoRunsGiveBitIdenticalIteratesAndResults() {
        Vpp vpp = VppsForAdmm.vpp(4, 6, 21, Topology.BILATERAL);
        List<AdmmIteration> first = new ArrayList<>();
        List<AdmmIteration> second = new ArrayList<>();
        Solution a = new AdmmSolver(AdmmOptions.DEFAULT, 2, first::add).solve(vpp);
        Solution b = new AdmmSolver(AdmmOptions.DEFAULT, 1, second::add).solve(vpp);
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            AdmmIteration x = first.get(i);
            AdmmIteration y = second.get(i);
            assertEquals(x.withElapsed(0), y.withElapsed(0), "iteration " + (i + 1));
        }
        assertEquals(Double.doubleToRawLongBits(a.totalCost()), Double.doubleToRawLongBits(b.totalCost()));
        for (ProsumerSchedule s : a.schedules()) {
            ProsumerSchedule t = b.schedule(s.id());
            assertArrayEquals(s.netTrade(), t.netTrade(), 0.0);
            s.trades().forEach((peer, p) -> assertArrayEquals(p, t.trades().get(peer), 0.0));
        }
    }

    @Test
    void paperCaseTenHomesConvergesToTheCentralOptimum() {
        Vpp vpp = Paper.VPP;
        Solution central = Paper.CENTRAL;
        Solution admm = Paper.SETTLED;
        assertEquals(SolveStatus.OPTIMAL, admm.status(), admm.message());
        assertEquals(central.totalCost(), admm.totalCost(), 1e-4 * Math.abs(central.totalCost()));
        List<String> v = VppsForAdmm.violations(vpp, admm, 1e-6, 2 * admm.primalResidual() + 1e-9);
        assertTrue(v.isEmpty(), () -> String.join("\n", v));
    }

    @Test
    void paperStoppingRuleWithEpsilonOneMillionthIsReachable() {
        Vpp vpp = Paper.VPP;
        Solution central = Paper.CENTRAL;
        List<AdmmIteration> history = new ArrayList<>();
        Solution admm = new AdmmSolver(AdmmOptions.DEFAULT.withPaperRule(1e-6).withMaxIterations(5000), 2, history::add)
                .solve(vpp);
        assertEquals(SolveStatus.OPTIMAL, admm.status(), admm.message());
        assertTrue(history.get(history.size() - 1).paperResidual() < 1e-6);
        // The paper's rule looks at the primal residual only; the cost is still within 1e-4.
        assertEquals(central.totalCost(), admm.totalCost(), 1e-4 * Math.abs(central.totalCost()));
    }

    /**
     * The residual test alone (the standard rule) stops the paper case with settled trades that two
     * homes cannot absorb — h5 and h10, with no PV and no battery, would have to take a few 1e-6 kWh
     * more than they use in slots where they buy all they need from their peers. The result says so
     * and names them, and they are exactly the homes whose own re-solve fails; the settled rule does
     * not stop there.
     */
    @Test
    void settledTradesThatAHomeCannotAbsorbAreReportedByName() {
        Vpp vpp = Paper.VPP;
        AdmmOptions standard = AdmmOptions.DEFAULT.withRule(AdmmOptions.StoppingRule.STANDARD);
        AdmmRun run = new AdmmSolver(standard, 2, AdmmListener.NONE).run(vpp, WarmStart.COLD);
        Solution s = run.solution();
        assertEquals(SolveStatus.UNABSORBED, s.status(), s.message());
        assertTrue(s.schedules().isEmpty(), "no schedule that everybody can follow");
        assertTrue(Double.isNaN(s.totalCost()));
        AdmmLinks links = AdmmLinks.of(vpp);
        List<String> cannot = new ArrayList<>();
        for (int u = 0; u < vpp.size(); u++) {
            double[][] mine = java.util.Arrays.copyOfRange(run.outcome().auxiliary(), links.start(u), links.end(u));
            if (!LocalAgent.of(vpp, u).settle(mine).absorbed()) {
                cannot.add(vpp.prosumers().get(u).id());
            }
        }
        assertEquals(List.of("h5", "h10"), cannot);
        for (String id : cannot) {
            assertTrue(s.message().contains(id + " (no feasible schedule"), s.message());
        }
        Solution settled = Paper.SETTLED;
        assertEquals(SolveStatus.OPTIMAL, settled.status(), settled.message());
        assertTrue(settled.iterations() > s.iterations());
    }

    @Test
    void aProsumerThatCannotBalanceIsReportedInfeasibleByName() {
        Horizon h = Horizon.hourly(2);
        Prosumer ok = Prosumer.builder("ok").horizon(h).grid(g -> g.energyRate(0.2))
                .inflexibleLoadKwh(new double[] {1, 1}).build();
        Prosumer bad = Prosumer.builder("bad").horizon(h).grid(g -> g.energyRate(0.2).maxImportKwh(1))
                .inflexibleLoadKwh(new double[] {1, 9}).maxTradeKwh(1).build();
        Solution s = new AdmmSolver().solve(Vpp.builder().prosumer(ok).prosumer(bad).build());
        assertEquals(SolveStatus.INFEASIBLE, s.status());
        assertTrue(s.message().contains("bad"), s.message());
    }

    @Test
    void theCoordinatorReceivesNothingButTradeVectors() {
        // Every method an agent offers returns an id, a count or a proposal of trade vectors.
        for (Method m : TradingAgent.class.getMethods()) {
            Class<?> r = m.getReturnType();
            assertTrue(r == String.class || r == int.class || r == TradingAgent.Proposal.class
                    || r == TradingAgent.Absorption.class, m.toString());
        }
        for (var c : TradingAgent.Proposal.class.getRecordComponents()) {
            Class<?> t = c.getType();
            assertTrue(t == double[][].class || t == boolean.class || t == String.class, c.toString());
        }
        // of settled trades, an agent reveals whether it can absorb them and its one cost figure
        for (var c : TradingAgent.Absorption.class.getRecordComponents()) {
            Class<?> t = c.getType();
            assertTrue(t == boolean.class || t == double.class || t == String.class, c.toString());
        }
        // The coordinator's API takes links, agents, options, an executor and a silence schedule: no
        // prosumer, VPP or schedule of energy.
        for (var ctor : AdmmCoordinator.class.getConstructors()) {
            for (Parameter p : ctor.getParameters()) {
                Class<?> t = p.getType();
                assertTrue(t == AdmmLinks.class || t == AdmmOptions.class || t == java.util.concurrent.ExecutorService.class
                        || t == SilenceSchedule.class || t == List.class && p.getParameterizedType().getTypeName().contains("TradingAgent"), p.toString());
            }
        }
        for (var f : AdmmLinks.class.getDeclaredFields()) {
            // structure and the public trade limits, nothing else
            assertTrue(f.getType() == int.class || f.getType() == int[].class || f.getType() == boolean.class
                    || f.getType() == List.class || f.getName().equals("limit") && f.getType() == double[].class,
                    f.toString());
        }
        // And it runs with agents that have no prosumer at all: two pure functions that meet halfway.
        Vpp shape = VppsForAdmm.vpp(2, 3, 1, Topology.BILATERAL);
        AdmmLinks links = AdmmLinks.of(shape);
        List<TradingAgent> agents = List.of(new FixedAgent(links.ids().get(0), 1.0), new FixedAgent(links.ids().get(1), 0.0));
        AdmmOutcome out = new AdmmCoordinator(links, agents, AdmmOptions.DEFAULT.withAdaptiveRho(false), null)
                .run(AdmmListener.NONE);
        assertEquals(AdmmOutcome.Status.CONVERGED, out.status());
        assertEquals(0.5, out.auxiliary()[0][0], 1e-4);
        assertEquals(-0.5, out.auxiliary()[1][0], 1e-4);
    }

    /** An agent that wants to buy {@code want} kWh from its single peer, with a quadratic disutility. */
    private record FixedAgent(String id, double want) implements TradingAgent {
        @Override
        public int links() {
            return 1;
        }

        @Override
        public Proposal propose(double rho, double[][] target, double[][] lambda, boolean[] frozen) {
            // argmin (p − want)² + (ρ/2)(p' − p)² − λ p   ⇒   p = (2·want + ρ p' + λ) / (2 + ρ)
            double[][] p = new double[1][target[0].length];
            for (int t = 0; t < p[0].length; t++) {
                p[0][t] = (2 * want + rho * target[0][t] + lambda[0][t]) / (2 + rho);
            }
            return new Proposal(p, true, "");
        }

        @Override
        public Absorption absorb(double[][] trades) {
            double cost = 0;
            for (double p : trades[0]) {
                cost += (p - want) * (p - want);
            }
            return new Absorption(true, cost, "");
        }
    }
}
