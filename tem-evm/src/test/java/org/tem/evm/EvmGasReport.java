package org.tem.evm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tem.solver.admm.AdmmLinks;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.fixedpoint.FixedRoundConfig;

/**
 * Gas of the coordination contract per call and per iteration at 10, 50 and 100 homes, both
 * topologies, 24 slots, with random trades within the default 50 kWh cap (a measurement, not a test:
 * it runs only with {@code -Dtem.evm.gas=true} and prints a table for benchmarks/README.md).
 * Iteration 1 writes fresh storage (zero to non-zero); iteration 2 is the steady state; iteration 3
 * has one silent meter and is closed by the operator's advance.
 */
class EvmGasReport {
    @Test
    void gasPerCallAndIteration() {
        Assumptions.assumeTrue(Boolean.getBoolean("tem.evm.gas"), "a measurement: run with -Dtem.evm.gas=true");
        System.out.println("| topology | homes | deploy | openRound | submission (min / median / max) | iteration 1 | "
                + "iteration 2 | advance (1 silent) | largest calldata |");
        for (boolean pool : new boolean[] {false, true}) {
            for (int homes : new int[] {10, 50, 100}) {
                measure(pool, homes);
            }
        }
    }

    private static void measure(boolean pool, int homes) {
        int slots = 24;
        try (Anvil node = Anvil.start(); EvmAccount op = EvmAccount.connect(node.url(), Anvil.OPERATOR_KEY,
                EvmOptions.DEFAULT)) {
            EvmCoordination c = EvmCoordination.deploy(op);
            List<String> ids = new ArrayList<>();
            List<EvmCoordination> meters = new ArrayList<>();
            List<List<Integer>> peers = new ArrayList<>();
            for (int u = 0; u < homes; u++) {
                String id = "h" + u;
                ids.add(id);
                EvmAccount m = op.withKey(EvmAdmmSolver.devKey(id, op.address()));
                op.send(m.address(), "0x", EvmAdmmSolver.FUNDING_WEI);
                c.register(id, m.address());
                meters.add(c.as(m));
                List<Integer> p = new ArrayList<>();
                for (int v = 0; v < homes; v++) {
                    if (v != u && !pool) {
                        p.add(v);
                    }
                }
                peers.add(p);
            }
            List<Long> none = new ArrayList<>(Collections.nCopies(homes, FixedRoundConfig.NO_LIMIT));
            FixedRoundConfig cfg = new FixedRoundConfig(ids, slots, pool, pool ? List.of() : peers, none,
                    50_000_000_000L, 500_000_000L, false, 1_000, 10_000, 1_000, AdmmOptions.StoppingRule.STANDARD,
                    100, 3, 150_000_000L, 100, 60_000);
            long open = c.openRound(1, cfg).gasUsed();
            AdmmLinks links = cfg.links();
            Random rng = new Random(homes);
            long[] iteration = new long[3];
            List<Long> submissions = new ArrayList<>();
            long advance = 0;
            for (int k = 1; k <= 3; k++) {
                for (int u = 0; u < homes; u++) {
                    if (k == 3 && u == homes / 2) {
                        continue;
                    }
                    long[][] trades = new long[links.end(u) - links.start(u)][slots];
                    for (long[] row : trades) {
                        for (int t = 0; t < slots; t++) {
                            row[t] = (long) ((rng.nextDouble() * 2 - 1) * 5e9);
                        }
                    }
                    long g = meters.get(u).submit(1, k, trades).gasUsed();
                    iteration[k - 1] += g;
                    submissions.add(g);
                }
            }
            long at = (c.round(1).deadlineMillis() + 999) / 1000;
            op.rpc("evm_setNextBlockTimestamp", at);
            do {
                advance += c.advance(1).gasUsed();
            } while (c.round(1).closing());
            iteration[2] += advance;
            Collections.sort(submissions);
            int words = (pool ? 1 : homes - 1) * ((slots + 3) / 4);
            System.out.printf("| %s | %d | %,d | %,d | %,d / %,d / %,d | %,d | %,d | %,d | %,d B |%n",
                    pool ? "pool" : "bilateral", homes, c.deployment().get().gasUsed(), open, submissions.get(0),
                    submissions.get(submissions.size() / 2), submissions.get(submissions.size() - 1), iteration[0],
                    iteration[1], advance, 4 + 32 * 4 + 32 * words);
        }
    }
}
