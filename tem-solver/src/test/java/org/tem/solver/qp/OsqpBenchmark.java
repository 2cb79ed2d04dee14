package org.tem.solver.qp;

import java.util.Arrays;
import java.util.Random;

/**
 * A manual timing harness (not a test): {@code java -cp … org.tem.solver.qp.OsqpBenchmark [batteries] [runs] [woodburyMaxRows]}.
 * Prints median cold (new solver: scaling, ordering, factorisation, ADMM, polish) and warm (cached
 * factorisation, only q changed, warm-started from the previous result) solve times after warm-up.
 */
public final class OsqpBenchmark {
    private OsqpBenchmark() {
    }

    /**
     * @param args batteries (default 5), runs (default 50), woodburyMaxRows (default from the settings)
     */
    public static void main(String[] args) {
        int batteries = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int woodburyRows = args.length > 2 ? Integer.parseInt(args[2]) : OsqpSettings.DEFAULT.woodburyMaxRows();
        OsqpSettings settings = OsqpSettings.DEFAULT.withLinearSystem(woodburyRows, 200);
        QpProblem base = QpTestProblems.energy(24, batteries, 1);
        System.out.println(base);
        Random rnd = new Random(1);
        double[] q = base.linear();
        long[] cold = new long[runs];
        int[] coldIt = new int[runs];
        for (int warmup = 0; warmup < 2; warmup++) {
            for (int k = 0; k < runs; k++) {
                QpResult r = new OsqpSolver(settings).solve(base);
                cold[k] = r.nanos();
                coldIt[k] = r.iterations();
                if (!r.status().isOptimal()) {
                    throw new IllegalStateException(r.status().toString());
                }
            }
        }
        OsqpSolver chain = new OsqpSolver(settings);
        QpResult previous = chain.solve(base);
        long[] warm = new long[runs];
        int[] warmIt = new int[runs];
        int polished = 0;
        for (int warmup = 0; warmup < 2; warmup++) {
            polished = 0;
            for (int k = 0; k < runs; k++) {
                for (int j = 0; j < q.length; j++) {
                    q[j] += 0.002 * rnd.nextGaussian();
                }
                QpResult r = chain.solve(base.withLinear(q, 0.0), previous.asStart());
                warm[k] = r.nanos();
                warmIt[k] = r.iterations();
                polished += r.polished() ? 1 : 0;
                previous = r;
            }
        }
        Arrays.sort(cold);
        Arrays.sort(warm);
        Arrays.sort(coldIt);
        Arrays.sort(warmIt);
        System.out.printf("cold: median %.3f ms (min %.3f), median iterations %d%n", cold[runs / 2] / 1e6,
                cold[0] / 1e6, coldIt[runs / 2]);
        System.out.printf("warm: median %.3f ms (min %.3f), median iterations %d, polished %d/%d, setups %d, "
                + "factorisations %d%n", warm[runs / 2] / 1e6, warm[0] / 1e6, warmIt[runs / 2], polished, runs,
                chain.setupCount(), chain.factorizationCount());
    }
}
