package org.tem.benchmarks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tem.api.Solution;
import org.tem.api.SolveStatus;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.examples.synthetic.SyntheticScenario;
import org.tem.solver.CentralSolver;
import org.tem.solver.LocalProblem;
import org.tem.solver.admm.AdmmKernel;
import org.tem.solver.admm.AdmmLinks;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.AdmmState;
import org.tem.solver.admm.LocalAgent;
import org.tem.solver.admm.TradingAgent;
import org.tem.solver.qp.OsqpSolver;
import org.tem.solver.qp.QpResult;
import org.tem.solver.qp.QpStart;
import org.tem.solver.qp.QpStatus;

/**
 * Experiment driver for the ADMM study: runs coordination variants for a fixed number of
 * iterations on synthetic days and records, every iteration, the true cost of the reciprocal iterate
 * {@code p'} (each home re-solved with its trades fixed to it), the residuals and the price changes.
 * Writes one CSV line per iteration.
 *
 * <pre>
 * java -cp benchmarks.jar org.tem.benchmarks.AdmmStudy OUT.csv DAYS ITERATIONS VARIANT...
 *   DAYS: e.g. b10:1-4 (bilateral, 10 homes, seeds 1-4), p10:5-12, p100:1-2; ToU on even seeds
 *   VARIANT: name=key:value/key:value..., keys
 *     rho, adapt, acc, relax   the AdmmOptions of the coordination (AdmmState, the production kernel)
 *     tie                      ε of a minimum-norm tie-break (ε/2)‖p‖² added to every local problem
 *     prox                     τ of a proximal term (τ/2)‖p − p_previous‖² added to every local problem
 *     so                       1 or 2: the pool's second-order (ALADIN-style) coordination instead of
 *                              ADMM, each home sending its trades' sensitivity to the price (finite
 *                              differences); 2 adds the gradient correction θ = 1
 *     eps, tr, mom, rdec, rmin second order: regularisation ε/ρ of each sensitivity, a per-slot trust
 *                              radius on the price step, a momentum cap, a ρ decay factor once prices
 *                              move less than 1e-4 and its floor
 *   system properties: threads (2), fd (finite-difference step, 1e-5), band (measure the balance band
 *   a home would need to absorb p'), dual (a Lagrangian lower bound from symmetrised prices)
 * </pre>
 *
 * <p>Columns: trueCost = Σ of each home's cost re-solved with its trades fixed to {@code p'} (NaN if
 * one cannot absorb them; unabsorbed = how many), clearedCost the same for the cleared standing trades
 * (what the SETTLED rule would settle), residuals, ρ, norms, the largest price and trade changes.
 * An experiment, not production code: nothing here is used by the library.
 */
public final class AdmmStudy {
    private AdmmStudy() {
    }

    record Day(String name, Vpp vpp, double optimum) {
    }

    record Variant(String name, AdmmOptions options, double tie, double prox, int secondOrder, double eps,
            double trust, double momentum, double decay, double rhoMin) {
        static Variant parse(String spec) {
            int eq = spec.indexOf('=');
            String name = spec.substring(0, eq);
            AdmmOptions o = AdmmOptions.DEFAULT.withMaxIterations(AdmmOptions.MAX_ITERATIONS);
            double tie = 0;
            double prox = 0;
            int so = 0;
            double eps = 0.1;
            double trust = 0;
            double mom = 0;
            double decay = 1;
            double rhoMin = 0;
            for (String kv : spec.substring(eq + 1).split("/")) {
                if (kv.isEmpty()) {
                    continue;
                }
                String[] p = kv.split(":");
                double v = Double.parseDouble(p[1]);
                switch (p[0]) {
                    case "rho" -> o = o.withRho(v);
                    case "adapt" -> o = o.withAdaptiveRho(v != 0);
                    case "acc" -> o = o.withAcceleration(v != 0);
                    case "relax" -> o = o.withRelaxation(v);
                    case "tie" -> tie = v;
                    case "prox" -> prox = v;
                    case "so" -> so = (int) v;
                    case "eps" -> eps = v;
                    case "tr" -> trust = v;
                    case "mom" -> mom = v;
                    case "rdec" -> decay = v;
                    case "rmin" -> rhoMin = v;
                    default -> throw new IllegalArgumentException(kv);
                }
            }
            return new Variant(name, o, tie, prox, so, eps, trust, mom, decay, rhoMin);
        }
    }

    /** A local agent with an optional min-norm tie-break and proximal term on its trades. */
    static final class StudyAgent implements TradingAgent {
        final LocalProblem problem;
        final OsqpSolver solver = new OsqpSolver();
        final LocalAgent absorber;
        final LocalAgent clearedAbsorber;
        final double tie;
        final double prox;
        QpStart start = QpStart.COLD;
        double[][] previous;

        StudyAgent(Vpp vpp, int u, double tie, double prox) {
            this.problem = LocalProblem.of(vpp, u);
            this.absorber = LocalAgent.of(vpp, u);
            this.clearedAbsorber = LocalAgent.of(vpp, u);
            this.tie = tie;
            this.prox = prox;
        }

        @Override
        public String id() {
            return problem.prosumer().id();
        }

        @Override
        public int links() {
            return problem.links().size();
        }

        @Override
        public Proposal propose(double rho, double[][] target, double[][] lambda, boolean[] frozen) {
            // (ρ/2)(p' − p)² + (ε/2)p² + (τ/2)(p − p_prev)² = ((ρ+ε+τ)/2)(p − (ρp' + τ p_prev)/(ρ+ε+τ))² + const
            double total = rho + tie + (previous == null ? 0 : prox);
            double[][] shifted = new double[target.length][];
            for (int k = 0; k < target.length; k++) {
                shifted[k] = new double[target[k].length];
                for (int t = 0; t < target[k].length; t++) {
                    double prev = previous == null ? 0 : prox * previous[k][t];
                    shifted[k][t] = (rho * target[k][t] + prev) / total;
                }
            }
            QpResult r = solver.solve(problem.penalised(total, shifted, lambda), start);
            if (r.status() != QpStatus.OPTIMAL) {
                start = QpStart.COLD;
                return new Proposal(new double[links()][target[0].length], false, r.status().name());
            }
            start = r.asStart();
            previous = problem.trades(r.x());
            return new Proposal(previous, true, "");
        }

        @Override
        public Absorption absorb(double[][] trades) {
            return absorber.absorb(trades);
        }

        final org.tem.solver.qp.IpmSolver dualSolver = new org.tem.solver.qp.IpmSolver();
        final OsqpSolver dualFallback = new OsqpSolver();

        /** min C_u(x) − Σ λ·p over the home's own constraints: its part of a Lagrangian lower bound. */
        double dual(double[][] lambda) {
            org.tem.solver.qp.QpProblem base = problem.problem();
            double[] q = base.linear();
            // trade variables are the last links × slots columns of the local problem
            int slots = lambda[0].length;
            int first = base.variables() - lambda.length * slots;
            for (int k = 0; k < lambda.length; k++) {
                for (int t = 0; t < slots; t++) {
                    q[first + k * slots + t] -= lambda[k][t];
                }
            }
            org.tem.solver.qp.QpProblem d = base.withLinear(q, base.constant());
            QpResult r = dualSolver.solve(d);
            if (r.status() != QpStatus.OPTIMAL) {
                r = dualFallback.solve(d);
            }
            return r.status() == QpStatus.OPTIMAL ? r.objective() : Double.NaN;
        }

        static final double FD = Double.parseDouble(System.getProperty("fd", "1e-5"));

        /** Row 0: the response y; rows 1..T: S[i][j] = ∂y_i/∂λ_j by finite differences, symmetrised. */
        double[][] respond(double rho, double[][] target, double[] lambda) {
            int slots = lambda.length;
            QpResult r = solver.solve(problem.penalised(rho, target, new double[][] {lambda}), start);
            if (r.status() != QpStatus.OPTIMAL) {
                throw new IllegalStateException(id() + ": " + r.status());
            }
            start = r.asStart();
            double[] y = problem.trades(r.x())[0];
            double[][] out = new double[1 + slots][];
            out[0] = y;
            double[][] s = new double[slots][slots];
            for (int j = 0; j < slots; j++) {
                double[] l2 = lambda.clone();
                l2[j] += FD;
                QpResult r2 = solver.solve(problem.penalised(rho, target, new double[][] {l2}), r.asStart());
                double[] y2 = problem.trades(r2.x())[0];
                for (int i = 0; i < slots; i++) {
                    s[i][j] = (y2[i] - y[i]) / FD;
                }
            }
            for (int i = 0; i < slots; i++) {
                out[1 + i] = new double[slots];
                for (int j = 0; j < slots; j++) {
                    out[1 + i][j] = 0.5 * (s[i][j] + s[j][i]);
                }
            }
            return out;
        }
    }

    static List<Day> days(String spec) {
        String[] parts = spec.split(":");
        Topology topology = parts[0].charAt(0) == 'p' ? Topology.POOL : Topology.BILATERAL;
        int homes = Integer.parseInt(parts[0].substring(1));
        String[] range = parts[1].split("-");
        int from = Integer.parseInt(range[0]);
        int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
        List<Day> out = new ArrayList<>();
        for (int seed = from; seed <= to; seed++) {
            boolean tou = seed % 2 == 0;
            Vpp vpp = SyntheticScenario.of(homes, seed).topology(topology).timeOfUse(tou).build();
            long t0 = System.nanoTime();
            Solution central = new CentralSolver().solve(vpp);
            System.err.printf(Locale.ROOT, "day %s%d seed %d%s: central %s %.9f in %.1f s%n", parts[0].charAt(0), homes,
                    seed, tou ? " tou" : "", central.status().label(), central.totalCost(), (System.nanoTime() - t0) / 1e9);
            if (central.status() != SolveStatus.OPTIMAL) {
                System.err.println("  central not optimal: " + central.message());
            }
            out.add(new Day(parts[0] + "s" + seed + (tou ? "t" : "f"), vpp, central.totalCost()));
        }
        return out;
    }

    /**
     * @param args output CSV, days, iterations, variants
     * @throws Exception on an I/O or execution failure
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        List<Day> days = new ArrayList<>();
        for (String d : args[1].split(",")) {
            days.addAll(days(d));
        }
        int iterations = Integer.parseInt(args[2]);
        List<Variant> variants = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            variants.add(Variant.parse(args[i]));
        }
        int threads = Integer.parseInt(System.getProperty("threads", "2"));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        boolean header = !Files.exists(out);
        try (PrintStream csv = new PrintStream(Files.newOutputStream(out, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND), true, "UTF-8")) {
            if (header) {
                csv.println("day,variant,optimum,k,trueCost,unabsorbed,primal,dual,rho,normP,normZ,normL,dLambdaInf,"
                        + "dZInf,converged,clearedCost,clearedUnabsorbed,band,dualBound");
            }
            for (Day day : days) {
                for (Variant v : variants) {
                    long t0 = System.nanoTime();
                    if (v.secondOrder > 0) {
                        runSecondOrder(day, v, iterations, pool, csv);
                    } else {
                        run(day, v, iterations, pool, csv);
                    }
                    System.err.printf(Locale.ROOT, "%s %s: %.1f s%n", day.name, v.name, (System.nanoTime() - t0) / 1e9);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static void run(Day day, Variant v, int iterations, ExecutorService pool, PrintStream csv) throws Exception {
        Vpp vpp = day.vpp;
        AdmmLinks links = AdmmLinks.of(vpp);
        List<StudyAgent> agents = new ArrayList<>();
        for (int u = 0; u < vpp.size(); u++) {
            agents.add(new StudyAgent(vpp, u, v.tie, v.prox));
        }
        AdmmState state = new AdmmState(links, v.options);
        double[][] p = new double[links.size()][];
        double[][] lambdaBefore = state.duals();
        double[][] zBefore = state.iterate();
        for (int k = 1; k <= iterations; k++) {
            double rho = state.rho();
            List<Future<TradingAgent.Proposal>> fs = new ArrayList<>();
            for (int u = 0; u < agents.size(); u++) {
                int uu = u;
                double[][] target = state.auxiliary(links.start(u), links.end(u));
                double[][] lambda = state.lambda(links.start(u), links.end(u));
                boolean[] frozen = state.frozen(links.start(u), links.end(u));
                fs.add(pool.submit(() -> agents.get(uu).propose(rho, target, lambda, frozen)));
            }
            for (int u = 0; u < agents.size(); u++) {
                TradingAgent.Proposal pr = fs.get(u).get();
                if (!pr.solved()) {
                    throw new IllegalStateException(day.name + " " + v.name + " agent " + u + " failed at " + k);
                }
                for (int l = links.start(u); l < links.end(u); l++) {
                    p[l] = pr.trades()[l - links.start(u)];
                }
            }
            var it = state.step(p);
            double[][] z = state.iterate();
            double[][] lambda = state.duals();
            List<Future<TradingAgent.Absorption>> as = new ArrayList<>();
            for (int u = 0; u < agents.size(); u++) {
                int uu = u;
                double[][] mine = Arrays.copyOfRange(z, links.start(u), links.end(u));
                as.add(pool.submit(() -> agents.get(uu).absorb(mine)));
            }
            double trueCost = 0;
            int unabsorbed = 0;
            double band = 0;
            for (int u = 0; u < agents.size(); u++) {
                TradingAgent.Absorption a = as.get(u).get();
                if (a.absorbed()) {
                    trueCost += a.cost();
                } else {
                    unabsorbed++;
                    if (MEASURE_BAND) {
                        band = Math.max(band, neededBand(agents.get(u).problem, Arrays.copyOfRange(z, links.start(u),
                                links.end(u))));
                    }
                }
            }
            double[][] sym = new double[lambda.length][];
            int[] rev = links.reverse();
            double[] poolMean = new double[links.slots()];
            if (links.pool()) {
                for (double[] row : lambda) {
                    for (int t = 0; t < row.length; t++) {
                        poolMean[t] += row[t] / lambda.length;
                    }
                }
            }
            for (int l = 0; l < lambda.length; l++) {
                sym[l] = new double[links.slots()];
                for (int t = 0; t < links.slots(); t++) {
                    sym[l][t] = links.pool() ? poolMean[t] : 0.5 * (lambda[l][t] + lambda[rev[l]][t]);
                }
            }
            double dualBound = 0;
            if (DUAL) {
                List<Future<Double>> ds = new ArrayList<>();
                for (int u = 0; u < agents.size(); u++) {
                    int uu = u;
                    double[][] mine = Arrays.copyOfRange(sym, links.start(u), links.end(u));
                    ds.add(pool.submit(() -> agents.get(uu).dual(mine)));
                }
                for (Future<Double> f : ds) {
                    dualBound += f.get();
                }
            } else {
                dualBound = Double.NaN;
            }
            double[][] standing = state.standingTrades();
            double[][] cleared = links.pool() ? AdmmKernel.clearPool(standing)
                    : AdmmKernel.clearBilateral(standing, links.reverse());
            List<Future<TradingAgent.Absorption>> cs = new ArrayList<>();
            for (int u = 0; u < agents.size(); u++) {
                int uu = u;
                double[][] mine = Arrays.copyOfRange(cleared, links.start(u), links.end(u));
                cs.add(pool.submit(() -> agents.get(uu).clearedAbsorber.absorb(mine)));
            }
            double clearedCost = 0;
            int clearedUnabsorbed = 0;
            for (Future<TradingAgent.Absorption> f : cs) {
                TradingAgent.Absorption a = f.get();
                if (a.absorbed()) {
                    clearedCost += a.cost();
                } else {
                    clearedUnabsorbed++;
                }
            }
            csv.printf(Locale.ROOT, "%s,%s,%.12g,%d,%.12g,%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%d,%.12g,%d,%.3g,%.12g%n", day.name,
                    v.name, day.optimum, k, unabsorbed == 0 ? trueCost : Double.NaN, unabsorbed, it.primalResidual(),
                    it.dualResidual(), it.rho(), AdmmKernel.norm(p), AdmmKernel.norm(z), AdmmKernel.norm(lambda),
                    maxAbsDiff(lambda, lambdaBefore), maxAbsDiff(z, zBefore), it.converged() ? 1 : 0,
                    clearedUnabsorbed == 0 ? clearedCost : Double.NaN, clearedUnabsorbed, band, dualBound);
            lambdaBefore = lambda;
            zBefore = z;
        }
    }

    /** The pool's second-order coordination (ALADIN-style): sensitivities by finite differences. */
    static void runSecondOrder(Day day, Variant v, int iterations, ExecutorService pool, PrintStream csv)
            throws Exception {
        Vpp vpp = day.vpp;
        AdmmLinks links = AdmmLinks.of(vpp);
        if (!links.pool()) {
            throw new IllegalArgumentException("second order: pool only");
        }
        int n = vpp.size();
        int slots = links.slots();
        double[] rhoNow = {v.options.rho()};
        double theta = v.secondOrder == 2 ? 1.0 : 0.0;
        List<StudyAgent> agents = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            agents.add(new StudyAgent(vpp, u, 0, 0));
        }
        double[][] z = new double[n][slots];
        double[] lambda = new double[slots];
        double[] limit = new double[n];
        boolean[] open = new boolean[n];
        for (int u = 0; u < n; u++) {
            limit[u] = links.limit(u);
            open[u] = true;
        }
        double[][] zBefore = z;
        double[] lambdaBefore = lambda.clone();
        double[] radius = new double[slots];
        Arrays.fill(radius, v.trust);
        double[] lastStep = new double[slots];
        double[][] center = z;
        double mk = 1;
        double lastPrimal = Double.POSITIVE_INFINITY;
        for (int k = 1; k <= iterations; k++) {
            double rho = rhoNow[0];
            double eps = v.eps / rho;
            double[][] lam = new double[1][];
            lam[0] = lambda.clone();
            List<Future<double[][]>> fs = new ArrayList<>();
            for (int u = 0; u < n; u++) {
                int uu = u;
                double[][] target = {center[u].clone()};
                fs.add(pool.submit(() -> agents.get(uu).respond(rho, target, lam[0])));
            }
            double[][] y = new double[n][];
            double[][][] sens = new double[n][][];
            for (int u = 0; u < n; u++) {
                double[][] r = fs.get(u).get();
                y[u] = r[0];
                sens[u] = Arrays.copyOfRange(r, 1, 1 + slots);
            }
            double[][] m = new double[slots][slots];
            double[] rhs = new double[slots];
            double[][] g = new double[n][slots];
            for (int u = 0; u < n; u++) {
                for (int t = 0; t < slots; t++) {
                    g[u][t] = lambda[t] - theta * rho * (y[u][t] - center[u][t]);
                }
                for (int i = 0; i < slots; i++) {
                    for (int j = 0; j < slots; j++) {
                        double sij = sens[u][i][j] + (i == j ? eps : 0);
                        m[i][j] += sij;
                        rhs[i] += sij * g[u][j];
                    }
                    rhs[i] -= y[u][i];
                }
            }
            double[] next = solveSpd(m, rhs);
            if (v.trust > 0) {
                for (int t = 0; t < slots; t++) {
                    double step = next[t] - lambda[t];
                    if (step * lastStep[t] < 0) {
                        radius[t] *= 0.5;
                    } else {
                        radius[t] = Math.min(v.trust, radius[t] * 1.5);
                    }
                    step = Math.max(-radius[t], Math.min(radius[t], step));
                    lastStep[t] = step;
                    next[t] = lambda[t] + step;
                }
            }
            double[][] zn = new double[n][slots];
            for (int u = 0; u < n; u++) {
                for (int i = 0; i < slots; i++) {
                    double d = 0;
                    for (int j = 0; j < slots; j++) {
                        d += (sens[u][i][j] + (i == j ? eps : 0)) * (next[j] - g[u][j]);
                    }
                    zn[u][i] = y[u][i] + d;
                }
            }
            // exact zero sum within the limits
            zn = AdmmKernel.auxiliaryPool(zn, new double[n][slots], 1.0, open, limit);
            double primal = AdmmKernel.distance(y, zn);
            double[][] zOld = z;
            z = zn;
            lambda = next;
            if (v.momentum > 0 && primal < lastPrimal) {
                double m2 = (1 + Math.sqrt(1 + 4 * mk * mk)) / 2;
                double beta = Math.min(v.momentum, (mk - 1) / m2);
                mk = m2;
                double[][] c = new double[n][slots];
                for (int u = 0; u < n; u++) {
                    for (int t = 0; t < slots; t++) {
                        c[u][t] = z[u][t] + beta * (z[u][t] - zOld[u][t]);
                    }
                }
                center = AdmmKernel.auxiliaryPool(c, new double[n][slots], 1.0, open, limit);
            } else {
                mk = 1;
                center = z;
            }
            lastPrimal = primal;
            List<Future<TradingAgent.Absorption>> as = new ArrayList<>();
            for (int u = 0; u < n; u++) {
                int uu = u;
                double[][] mine = {z[u].clone()};
                as.add(pool.submit(() -> agents.get(uu).absorb(mine)));
            }
            double[][] clearedY = AdmmKernel.clearPool(y);
            List<Future<TradingAgent.Absorption>> cs = new ArrayList<>();
            for (int u = 0; u < n; u++) {
                int uu = u;
                double[][] mine = {clearedY[u].clone()};
                cs.add(pool.submit(() -> agents.get(uu).clearedAbsorber.absorb(mine)));
            }
            double clearedCost = 0;
            int clearedUn = 0;
            for (Future<TradingAgent.Absorption> f : cs) {
                TradingAgent.Absorption a = f.get();
                if (a.absorbed()) {
                    clearedCost += a.cost();
                } else {
                    clearedUn++;
                }
            }
            double dualBound = Double.NaN;
            if (DUAL) {
                dualBound = 0;
                List<Future<Double>> ds = new ArrayList<>();
                for (int u = 0; u < n; u++) {
                    int uu = u;
                    double[][] mine = {lambda.clone()};
                    ds.add(pool.submit(() -> agents.get(uu).dual(mine)));
                }
                for (Future<Double> f : ds) {
                    dualBound += f.get();
                }
            }
            double trueCost = 0;
            int unabsorbed = 0;
            double band = 0;
            for (int u = 0; u < n; u++) {
                TradingAgent.Absorption a = as.get(u).get();
                if (a.absorbed()) {
                    trueCost += a.cost();
                } else {
                    unabsorbed++;
                    if (MEASURE_BAND) {
                        band = Math.max(band, neededBand(agents.get(u).problem, new double[][] {z[u]}));
                    }
                }
            }
            double dl = 0;
            for (int t = 0; t < slots; t++) {
                dl = Math.max(dl, Math.abs(lambda[t] - lambdaBefore[t]));
            }
            if (v.decay < 1 && dl < 1e-4) {
                rhoNow[0] = Math.max(v.rhoMin, rho * v.decay);
            }
            csv.printf(Locale.ROOT, "%s,%s,%.12g,%d,%.12g,%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%d,%.12g,%d,%.3g,%.12g%n",
                    day.name, v.name, day.optimum, k, unabsorbed == 0 ? trueCost : Double.NaN, unabsorbed, primal, 0.0,
                    rho, AdmmKernel.norm(y), AdmmKernel.norm(z), Math.sqrt(n) * AdmmKernel.norm(new double[][] {lambda}),
                    dl, maxAbsDiff(z, zBefore), 0, clearedUn == 0 ? clearedCost : Double.NaN, clearedUn, band, dualBound);
            zBefore = z;
            lambdaBefore = lambda.clone();
        }
    }

    /** Solves a symmetric positive definite system by Cholesky. */
    static double[] solveSpd(double[][] a, double[] b) {
        int n = b.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    l[i][i] = Math.sqrt(Math.max(sum, 1e-300));
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        double[] x = b.clone();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < i; k++) {
                x[i] -= l[i][k] * x[k];
            }
            x[i] /= l[i][i];
        }
        for (int i = n - 1; i >= 0; i--) {
            for (int k = i + 1; k < n; k++) {
                x[i] -= l[k][i] * x[k];
            }
            x[i] /= l[i][i];
        }
        return x;
    }

    static final boolean MEASURE_BAND = Boolean.getBoolean("band");
    static final boolean DUAL = Boolean.getBoolean("dual");

    /** The smallest balance tolerance (within a factor 1.5) at which a home absorbs the trades. */
    static double neededBand(LocalProblem problem, double[][] trades) {
        double lo = 5e-7;
        double hi = 1.0;
        org.tem.solver.qp.IpmSolver ipm = new org.tem.solver.qp.IpmSolver();
        if (ipm.solve(problem.absorbing(trades, hi)).status() != QpStatus.OPTIMAL) {
            return Double.POSITIVE_INFINITY;
        }
        while (hi / lo > 1.5) {
            double mid = Math.sqrt(lo * hi);
            if (ipm.solve(problem.absorbing(trades, mid)).status() == QpStatus.OPTIMAL) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    static double maxAbsDiff(double[][] a, double[][] b) {
        double m = 0;
        for (int k = 0; k < a.length; k++) {
            for (int t = 0; t < a[k].length; t++) {
                m = Math.max(m, Math.abs(a[k][t] - b[k][t]));
            }
        }
        return m;
    }

}
