package org.tem.evm;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tem.solver.admm.AdmmLinks;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.contract.RoundConfig;
import org.tem.solver.contract.RoundStatus;
import org.tem.solver.fixedpoint.FixedRoundConfig;

/**
 * Gas of the coordination contract per call and per iteration at 10, 50 and 100 homes, both
 * topologies, 24 slots, all pairs in the bilateral topology (a measurement, not a test: it runs only
 * with {@code -Dtem.evm.gas=true} and prints a table for benchmarks/README.md; {@code
 * -Dtem.evm.gas.homes=10,100} and {@code -Dtem.evm.gas.topologies=pool} choose the rows).
 *
 * <p>Iteration 1 writes fresh storage (zero to non-zero) with random trades within ±5 kWh;
 * iteration 2 is the steady state (random trades again): its submissions before the last one, and
 * the last one, which completes its pairs and runs the residuals and the stopping test; iteration 3
 * has one silent meter and is closed by the operator's advance after the deadline; iterations 4
 * and 5 repeat one reciprocal schedule, so the round converges at 5 and settles; the settlement
 * query's gas is the node's estimate for {@code settlement(round, u)} (free as an {@code eth_call},
 * paid when another contract calls it).
 */
class EvmGasReport {
    private static final int SLOTS = 24;

    @Test
    void gasPerCallAndIteration() {
        Assumptions.assumeTrue(Boolean.getBoolean("tem.evm.gas"), "a measurement: run with -Dtem.evm.gas=true");
        String sizes = System.getProperty("tem.evm.gas.homes", "10,50,100");
        System.out.println("| topology | homes | deploy | register | openRound | submit, iteration 1 (median) | "
                + "submit, steady (median) | last submit (runs Func A) | iteration 1 | iteration 2 | "
                + "advance (1 silent) | settlement query | largest calldata |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String topology : System.getProperty("tem.evm.gas.topologies", "bilateral,pool").split(",")) {
            for (String homes : sizes.split(",")) {
                measure(topology.trim().equals("pool"), Integer.parseInt(homes.trim()));
            }
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void measure(boolean pool, int homes) {
        // a block as large as one call of the largest round needs (reported in the table)
        try (Anvil node = Anvil.start("--gas-limit", "1000000000"); EvmAccount op = EvmAccount.connect(node.url(), Anvil.OPERATOR_KEY,
                EvmOptions.DEFAULT)) {
            EvmContract c = EvmContract.deploy(op);
            List<String> ids = new ArrayList<>();
            List<EvmContract> meters = new ArrayList<>();
            List<List<Integer>> peers = new ArrayList<>();
            List<Long> register = new ArrayList<>();
            for (int u = 0; u < homes; u++) {
                String id = "h" + u;
                ids.add(id);
                EvmAccount m = op.withKey(EvmAdmmSolver.devKey(id, op.address()));
                op.send(m.address(), "0x", EvmAdmmSolver.FUNDING_WEI);
                register.add(c.register(id, m.address()).gasUsed());
                meters.add(c.as(m));
                List<Integer> p = new ArrayList<>();
                for (int v = 0; v < homes && !pool; v++) {
                    if (v != u) {
                        p.add(v);
                    }
                }
                peers.add(p);
            }
            List<Long> none = new ArrayList<>(Collections.nCopies(homes, FixedRoundConfig.NO_LIMIT));
            // the same round as the operator's exact settings (its terms are stored with the round)
            RoundConfig terms = new RoundConfig(ids, SLOTS, pool, pool ? List.of() : peers,
                    Collections.nCopies(homes, Double.POSITIVE_INFINITY), 50.0, AdmmOptions.DEFAULT.withAdaptiveRho(false)
                            .withAcceleration(false).withRule(AdmmOptions.StoppingRule.STANDARD)
                            .withTolerances(1e-6, 1e-5).withMaxIterations(100).withMissLimit(3),
                    0.15, 100, 60_000);
            FixedRoundConfig cfg = new FixedRoundConfig(ids, SLOTS, pool, pool ? List.of() : peers, none,
                    50_000_000_000L, 500_000_000L, false, 1_000, 10_000, 1_000, AdmmOptions.StoppingRule.STANDARD,
                    100, 3, 150_000_000L, 100, 60_000);
            if (!cfg.equals(FixedRoundConfig.of(terms))) {
                throw new IllegalStateException("the gas report's round and its terms differ");
            }
            long open = c.openRound(1, terms).gasUsed();
            AdmmLinks links = cfg.links();
            Random rng = new Random(homes);
            long[] iteration = new long[5];
            List<Long> first = new ArrayList<>();
            List<Long> steady = new ArrayList<>();
            long last = 0;
            for (int k = 1; k <= 3; k++) {
                for (int u = 0; u < homes; u++) {
                    if (k == 3 && u == homes / 2) {
                        continue;
                    }
                    long[][] trades = new long[links.end(u) - links.start(u)][SLOTS];
                    for (long[] row : trades) {
                        for (int t = 0; t < SLOTS; t++) {
                            row[t] = (long) ((rng.nextDouble() * 2 - 1) * 5e9);
                        }
                    }
                    long g = meters.get(u).submit(1, k, trades).gasUsed();
                    iteration[k - 1] += g;
                    if (k == 1) {
                        first.add(g);
                    } else if (k == 2 && u < homes - 1) {
                        steady.add(g);
                    } else if (k == 2) {
                        last = g;
                    }
                }
            }
            op.advanceClockTo(c.round(1).deadlineMillis());
            long advance = 0;
            do {
                advance += c.advance(1).gasUsed();
            } while (c.round(1).closing());
            iteration[2] += advance;
            long[][][] reciprocal = reciprocal(links, homes, pool, new Random(homes + 1));
            for (int k = 4; k <= 5; k++) {
                for (int u = 0; u < homes; u++) {
                    iteration[k - 1] += meters.get(u).submit(1, k, reciprocal[u]).gasUsed();
                }
            }
            RoundStatus status = c.round(1).status();
            if (status != RoundStatus.FINAL) {
                throw new IllegalStateException("the reciprocal iterations should end the round, status " + status);
            }
            long settle = 0;
            for (int u = 0; u < homes; u++) {
                settle = Math.max(settle, estimate(op, c, "settlement(uint64,uint16)", u));
            }
            int words = (pool ? 1 : homes - 1) * FixedRoundConfig.wordsPerLink(SLOTS);
            System.out.printf("| %s | %d | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %,d B |%n",
                    pool ? "pool" : "bilateral", homes, c.deployment().get().gasUsed(), median(register), open,
                    median(first), median(steady), last, iteration[0], iteration[1], advance, settle,
                    4 + 32 * 4 + 32 * words);
        }
    }

    /** One schedule whose trades cancel: p_vu = −p_uv (bilateral), or pairs of homes ±x (pool). */
    private static long[][][] reciprocal(AdmmLinks links, int homes, boolean pool, Random rng) {
        long[][][] out = new long[homes][][];
        for (int u = 0; u < homes; u++) {
            out[u] = new long[links.end(u) - links.start(u)][SLOTS];
        }
        for (int u = 0; u < homes; u++) {
            for (int i = 0; i < out[u].length; i++) {
                int v = pool ? (u % 2 == 0 ? u + 1 : u - 1) : (i < u ? i : i + 1);
                if (v >= homes || v < u) {
                    continue;
                }
                int back = pool ? 0 : u;
                for (int t = 0; t < SLOTS; t++) {
                    long x = (long) ((rng.nextDouble() * 2 - 1) * 1e9);
                    out[u][i][t] = x;
                    out[v][back][t] = -x;
                }
            }
        }
        return out;
    }

    private static long estimate(EvmAccount op, EvmContract c, String signature, int u) {
        String data = EvmContract.encode(signature, List.of(new org.web3j.abi.datatypes.generated.Uint64(1),
                new org.web3j.abi.datatypes.generated.Uint16(u)));
        Object gas = op.rpc("eth_estimateGas", java.util.Map.of("from", op.address(), "to", c.address(), "data",
                data));
        return new BigInteger(((String) gas).substring(2), 16).longValueExact();
    }
}
