package org.tem.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tem.api.Prosumer;
import org.tem.api.Vpp;
import org.tem.examples.synthetic.SyntheticScenario;
import org.tem.solver.LocalProblem;
import org.tem.solver.qp.OjAlgoSolver;
import org.tem.solver.qp.OsqpSolver;
import org.tem.solver.qp.QpProblem;
import org.tem.solver.qp.QpResult;
import org.tem.solver.qp.QpSolver;
import org.tem.solver.qp.QpStart;

/**
 * The ADMM local sub-problem (docs/model.md eq. 4): one home of a 10-home synthetic day (24 slots,
 * bilateral, 9 peers, PV + battery + flexible load), penalty on. {@code cold}: a fresh solver and no
 * start. {@code warm}: the same solver (cached factorisation) started from the previous solution,
 * with {@code p'} and {@code λ} moved a little each call as between ADMM iterations.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LocalSolveBenchmark {
    @Param({"osqp", "ojalgo"})
    public String solver;

    private LocalProblem local;
    private double[][][] targets;
    private double[][][] lambdas;
    private int next;
    private QpSolver warmSolver;
    private QpStart start = QpStart.COLD;

    @Setup(Level.Trial)
    public void setUp() {
        Vpp vpp = SyntheticScenario.of(10, 1).build();
        int u = richest(vpp);
        local = LocalProblem.of(vpp, u);
        int links = local.links().size();
        Random rng = new Random(3);
        targets = new double[16][links][24];
        lambdas = new double[16][links][24];
        for (int k = 0; k < 16; k++) {
            for (int l = 0; l < links; l++) {
                for (int t = 0; t < 24; t++) {
                    targets[k][l][t] = 0.3 * Math.sin(t + l) + 0.02 * rng.nextGaussian();
                    lambdas[k][l][t] = 0.01 * Math.cos(t - l) + 0.002 * rng.nextGaussian();
                }
            }
        }
        warmSolver = newSolver();
    }

    /** The home with the most components (PV, battery and flexible load where possible). */
    static int richest(Vpp vpp) {
        int best = 0;
        for (int u = 0; u < vpp.size(); u++) {
            Prosumer p = vpp.prosumers().get(u);
            if (p.components().size() > vpp.prosumers().get(best).components().size()) {
                best = u;
            }
        }
        return best;
    }

    private QpSolver newSolver() {
        return solver.equals("osqp") ? new OsqpSolver() : new OjAlgoSolver();
    }

    private QpProblem nextProblem() {
        int k = next++ & 15;
        return local.penalised(1.0, targets[k], lambdas[k]);
    }

    @Benchmark
    public QpResult cold() {
        return newSolver().solve(nextProblem(), QpStart.COLD);
    }

    @Benchmark
    public QpResult warm() {
        QpResult r = warmSolver.solve(nextProblem(), start);
        start = r.asStart();
        return r;
    }
}
