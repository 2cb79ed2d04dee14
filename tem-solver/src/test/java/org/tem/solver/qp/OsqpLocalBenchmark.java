package org.tem.solver.qp;

import java.util.Arrays;
import java.util.Random;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.solver.CentralProblem;
import org.tem.solver.LocalProblem;
import org.tem.solver.VppsForAdmm;

/**
 * A manual timing harness (not a test) on the problems that matter: the ADMM local sub-problem (one home
 * of a 10-home bilateral day, 24 slots, 9 peers) cold and in a warm chain where only q changes, and a
 * central problem of ~7,000 variables. Prints medians after warm-up and the worst violation seen.
 * {@code java -cp … org.tem.solver.qp.OsqpLocalBenchmark [runs] [centralProsumers]}
 */
public final class OsqpLocalBenchmark {
    private OsqpLocalBenchmark() {
    }

    /** @param args runs (default 200), central prosumers (default 15, bilateral) */
    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int central = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Vpp vpp = VppsForAdmm.vpp(10, 24, 1, Topology.BILATERAL);
        LocalProblem local = LocalProblem.of(vpp, 0);
        for (int u = 1; u < vpp.size(); u++) {
            LocalProblem candidate = LocalProblem.of(vpp, u);
            if (candidate.problem().variables() > local.problem().variables()) {
                local = candidate;
            }
        }
        int links = local.links().size();
        Random rng = new Random(3);
        double[][][] targets = new double[16][links][24];
        double[][][] lambdas = new double[16][links][24];
        for (int k = 0; k < 16; k++) {
            for (int l = 0; l < links; l++) {
                for (int t = 0; t < 24; t++) {
                    targets[k][l][t] = 0.3 * Math.sin(t + l) + 0.02 * rng.nextGaussian();
                    lambdas[k][l][t] = 0.01 * Math.cos(t - l) + 0.002 * rng.nextGaussian();
                }
            }
        }
        System.out.println("local " + local.penalised(1.0, targets[0], lambdas[0]));
        long[] cold = new long[runs];
        int[] coldIt = new int[runs];
        double worst = 0;
        for (int pass = 0; pass < 3; pass++) {
            for (int k = 0; k < runs; k++) {
                QpProblem p = local.penalised(1.0, targets[k & 15], lambdas[k & 15]);
                QpResult r = new OsqpSolver().solve(p);
                cold[k] = r.nanos();
                coldIt[k] = r.iterations();
                worst = Math.max(worst, p.maxViolation(r.x()));
                if (!r.status().isOptimal()) {
                    throw new IllegalStateException(r.status().toString());
                }
            }
        }
        long[] warm = new long[runs];
        int[] warmIt = new int[runs];
        int polished = 0;
        OsqpSolver chain = null;
        for (int pass = 0; pass < 3; pass++) {
            chain = new OsqpSolver();
            QpStart start = QpStart.COLD;
            polished = 0;
            for (int k = 0; k < runs; k++) {
                // a slowly drifting ADMM-like sequence
                double[][] tg = new double[links][24];
                double[][] lm = new double[links][24];
                double f = k / (double) runs;
                for (int l = 0; l < links; l++) {
                    for (int t = 0; t < 24; t++) {
                        tg[l][t] = (1 - f) * targets[0][l][t] + f * targets[1][l][t];
                        lm[l][t] = (1 - f) * lambdas[0][l][t] + f * lambdas[1][l][t];
                    }
                }
                QpProblem p = local.penalised(1.0, tg, lm);
                QpResult r = chain.solve(p, start);
                if (!r.status().isOptimal()) {
                    throw new IllegalStateException(r.status().toString());
                }
                worst = Math.max(worst, p.maxViolation(r.x()));
                start = r.asStart();
                warm[k] = r.nanos();
                warmIt[k] = r.iterations();
                polished += r.polished() ? 1 : 0;
            }
        }
        report("local cold", cold, coldIt);
        report("local warm", warm, warmIt);
        System.out.printf("  warm chain: polished %d/%d, factorisations %d, worst violation %.2e%n", polished, runs,
                chain.factorizationCount(), worst);
        QpProblem big = new CentralProblem(VppsForAdmm.vpp(central, 24, 7, Topology.BILATERAL)).problem();
        System.out.println("central " + big);
        int bigRuns = 7;
        long[] bigT = new long[bigRuns];
        int[] bigIt = new int[bigRuns];
        double bigWorst = 0;
        for (int k = 0; k < bigRuns; k++) {
            QpResult r = new OsqpSolver().solve(big);
            bigT[k] = r.nanos();
            bigIt[k] = r.iterations();
            bigWorst = Math.max(bigWorst, big.maxViolation(r.x()));
            System.out.printf("  %s %.1f ms it %d polished %s viol %.2e dual %.2e%n", r.status(), r.nanos() / 1e6,
                    r.iterations(), r.polished(), r.primalResidual(), r.dualResidual());
        }
        report("central cold", bigT, bigIt);
        OsqpSolver bigChain = new OsqpSolver();
        QpResult prev = bigChain.solve(big);
        double[] q = big.linear();
        Random rq = new Random(9);
        for (int k = 0; k < bigRuns; k++) {
            // scale the whole linear term (a per-entry perturbation of the trade costs would make the
            // problem unbounded: reciprocal trades with different prices are an arbitrage)
            double f = 1 + 1e-3 * rq.nextGaussian();
            for (int j = 0; j < q.length; j++) {
                q[j] *= f;
            }
            QpProblem p = big.withLinear(q, 0.0);
            QpResult r = bigChain.solve(p, prev.asStart());
            bigT[k] = r.nanos();
            bigIt[k] = r.iterations();
            bigWorst = Math.max(bigWorst, p.maxViolation(r.x()));
            System.out.printf("  warm %s %.1f ms it %d polished %s viol %.2e dual %.2e%n", r.status(), r.nanos() / 1e6,
                    r.iterations(), r.polished(), r.primalResidual(), r.dualResidual());
            prev = r;
        }
        report("central warm", bigT, bigIt);
        System.out.printf("  central worst violation %.2e%n", bigWorst);
    }

    private static void report(String what, long[] t, int[] it) {
        long[] ts = t.clone();
        int[] is = it.clone();
        Arrays.sort(ts);
        Arrays.sort(is);
        System.out.printf("%s: median %.3f ms (min %.3f, p90 %.3f), median iterations %d%n", what,
                ts[ts.length / 2] / 1e6, ts[0] / 1e6, ts[ts.length * 9 / 10] / 1e6, is[is.length / 2]);
    }
}
