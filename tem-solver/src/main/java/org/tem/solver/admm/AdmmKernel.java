package org.tem.solver.admm;

/**
 * The coordination step of ADMM (docs/model.md, "ADMM") as pure, deterministic functions over arrays:
 * the auxiliary update (projection onto reciprocal trades, or onto zero-sum pool trades), the dual
 * update, residuals, stopping tests, over-relaxation and residual balancing of ρ. The in-process
 * coordinator and the on-ledger contract both call exactly these, so they produce bit-identical
 * iterates.
 *
 * <p><b>Layout.</b> Trades are indexed by directed link {@code k} and slot {@code t}:
 * {@code p[k][t]}. In the bilateral topology link {@code k} is an ordered pair {@code (u, v)} and
 * {@code reverse[k]} is the index of {@code (v, u)}. In the pool topology link {@code k} is
 * prosumer {@code k}'s trade with the pool and there is no reverse.
 *
 * <p><b>Determinism rules.</b> Loops run in index order; only {@code + − × ÷} and
 * {@link Math#sqrt} (correctly rounded by IEEE 754) on doubles; no parallel reductions, no
 * fused multiply-add, no library calls whose result could differ between JVMs.
 */
public final class AdmmKernel {
    private AdmmKernel() {
    }

    /**
     * Over-relaxation: {@code p̂ = α·p + (1 − α)·p'_old}. With {@code α = 1} it returns {@code p}'s
     * values.
     *
     * @param alpha relaxation α in {@code (0, 2)}
     * @param p the new local trades
     * @param auxiliaryOld {@code p'} of the previous iteration
     * @return {@code p̂}, a new array
     */
    public static double[][] relax(double alpha, double[][] p, double[][] auxiliaryOld) {
        double[][] out = new double[p.length][];
        for (int k = 0; k < p.length; k++) {
            out[k] = new double[p[k].length];
            for (int t = 0; t < p[k].length; t++) {
                out[k][t] = alpha * p[k][t] + (1.0 - alpha) * auxiliaryOld[k][t];
            }
        }
        return out;
    }

    /**
     * Momentum extrapolation {@code x + β·(x − xOld)} (fast ADMM).
     *
     * @param x the current iterate
     * @param xOld the previous iterate
     * @param beta the momentum weight, in {@code [0, 1)}
     * @return the extrapolated point, a new array
     */
    public static double[][] extrapolate(double[][] x, double[][] xOld, double beta) {
        double[][] out = new double[x.length][];
        for (int k = 0; k < x.length; k++) {
            out[k] = new double[x[k].length];
            for (int t = 0; t < x[k].length; t++) {
                out[k][t] = x[k][t] + beta * (x[k][t] - xOld[k][t]);
            }
        }
        return out;
    }

    /**
     * The bilateral auxiliary update (docs/model.md eq. 5) onto bounded reciprocal trades: with
     * {@code w = p̂ − λ/ρ}, {@code p'_uv = clamp((w_uv − w_vu)/2, ±limit)}. This is the exact
     * Euclidean projection onto {@code {p' : p'_uv = −p'_vu, |p'_uv| ≤ limit_uv}} (the pair's two
     * entries decouple from every other pair, and a link and its reverse share one limit), so
     * {@code p'} is reciprocal and within the links' limits whatever {@code p} was. A link with
     * limit 0 (a frozen link) gets exactly {@code +0.0}. Where no bound is active the result is
     * bit for bit the unbounded projection.
     *
     * @param p the (relaxed) trades
     * @param lambda the duals
     * @param rho the penalty
     * @param reverse {@code reverse[k]}: the link index of the opposite direction
     * @param limit {@code limit[k]}: the bound of link k, {@code >= 0}, equal for a link and its reverse
     * @return {@code p'}, a new array
     */
    public static double[][] auxiliaryBilateral(double[][] p, double[][] lambda, double rho, int[] reverse,
            double[] limit) {
        double[][] out = new double[p.length][];
        for (int k = 0; k < p.length; k++) {
            int r = reverse[k];
            out[k] = new double[p[k].length];
            for (int t = 0; t < p[k].length; t++) {
                double w = p[k][t] - lambda[k][t] / rho;
                double wReverse = p[r][t] - lambda[r][t] / rho;
                out[k][t] = clamp((w - wReverse) / 2.0, limit[k]);
            }
        }
        return out;
    }

    /**
     * The reciprocal part of a bilateral point, {@code (x_uv − x_vu)/2} (the unbounded projection
     * onto reciprocal trades).
     *
     * @param x a point (links × slots)
     * @param reverse {@code reverse[k]}: the link index of the opposite direction
     * @return the reciprocal point, a new array
     */
    public static double[][] reciprocal(double[][] x, int[] reverse) {
        double[][] out = new double[x.length][];
        for (int k = 0; k < x.length; k++) {
            int r = reverse[k];
            out[k] = new double[x[k].length];
            for (int t = 0; t < x[k].length; t++) {
                out[k][t] = (x[k][t] - x[r][t]) / 2.0;
            }
        }
        return out;
    }

    /**
     * The pool auxiliary update (exchange ADMM) onto bounded zero-sum trades of the active
     * prosumers: with {@code w = q̂ − λ/ρ}, slot by slot, {@code q'_u = clamp(w_u − ν, ±limit_u)} for
     * active {@code u}, with the shift {@code ν} chosen so that {@code Σ_active q'_u = 0}, and
     * {@code q'_u = 0} for inactive {@code u}. This is the exact Euclidean projection onto
     * {@code {q' : Σ_u q'_u = 0, |q'_u| ≤ limit_u, q'_u = 0 when inactive}}. When no bound is
     * active, {@code ν} is the mean of {@code w} over the active prosumers, computed in index order,
     * exactly as the unbounded update; otherwise {@code ν} is found among the sorted breakpoints
     * {@code w_u ± limit_u} of the monotone piecewise-linear {@code Σ clamp(w_u − ν)} and
     * interpolated on its linear piece (sorting and + − × ÷ only: deterministic).
     *
     * @param q the (relaxed) pool trades, one link per prosumer
     * @param lambda the duals
     * @param rho the penalty
     * @param active {@code active[u]}: whether prosumer u's link takes part (not frozen)
     * @param limit {@code limit[u]}: the bound of u's link, {@code >= 0}
     * @return {@code q'}, a new array
     */
    public static double[][] auxiliaryPool(double[][] q, double[][] lambda, double rho, boolean[] active,
            double[] limit) {
        int n = q.length;
        int slots = n == 0 ? 0 : q[0].length;
        double[][] out = new double[n][slots];
        int m = 0;
        for (boolean a : active) {
            m += a ? 1 : 0;
        }
        if (m == 0) {
            return out;
        }
        double[] w = new double[n];
        for (int t = 0; t < slots; t++) {
            double sum = 0.0;
            for (int u = 0; u < n; u++) {
                w[u] = q[u][t] - lambda[u][t] / rho;
                if (active[u]) {
                    sum += w[u];
                }
            }
            double mean = sum / m;
            boolean inside = true;
            for (int u = 0; u < n; u++) {
                if (active[u]) {
                    out[u][t] = w[u] - mean;
                    inside &= Math.abs(out[u][t]) <= limit[u];
                }
            }
            if (!inside) {
                double nu = poolShift(w, active, limit, m);
                for (int u = 0; u < n; u++) {
                    out[u][t] = active[u] ? clamp(w[u] - nu, limit[u]) : 0.0;
                }
            }
        }
        return out;
    }

    /** The ν with {@code Σ_active clamp(w_u − ν, ±limit_u) = 0}. */
    private static double poolShift(double[] w, boolean[] active, double[] limit, int m) {
        double[] breaks = new double[2 * m];
        int i = 0;
        for (int u = 0; u < w.length; u++) {
            if (active[u]) {
                breaks[i++] = w[u] - limit[u];
                breaks[i++] = w[u] + limit[u];
            }
        }
        java.util.Arrays.sort(breaks);
        // g is non-increasing: g(breaks[0]) = Σ limit >= 0 >= −Σ limit = g(breaks[last]).
        int lo = 0;
        int hi = breaks.length - 1;
        if (clampedSum(w, active, limit, breaks[hi]) >= 0) {
            return breaks[hi];
        }
        // invariant: g(breaks[lo]) >= 0 > g(breaks[hi])
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (clampedSum(w, active, limit, breaks[mid]) >= 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double gLo = clampedSum(w, active, limit, breaks[lo]);
        double gHi = clampedSum(w, active, limit, breaks[hi]);
        if (gLo == 0.0) {
            return breaks[lo];
        }
        return breaks[lo] + gLo * ((breaks[hi] - breaks[lo]) / (gLo - gHi));
    }

    private static double clampedSum(double[] w, boolean[] active, double[] limit, double nu) {
        double sum = 0.0;
        for (int u = 0; u < w.length; u++) {
            if (active[u]) {
                sum += clamp(w[u] - nu, limit[u]);
            }
        }
        return sum;
    }

    /**
     * @param x a value
     * @param limit a bound, {@code >= 0}
     * @return {@code x} clamped to {@code [−limit, limit]}; exactly {@code +0.0} when the limit is 0
     */
    static double clamp(double x, double limit) {
        if (limit == 0.0) {
            return 0.0;
        }
        return x > limit ? limit : x < -limit ? -limit : x;
    }

    /**
     * Bilateral clearing: each pair trades what both sides agree on, the lesser of the bid and the
     * offer. For link {@code k = (u, v)} with reverse {@code r}: when {@code p_k} and {@code p_r}
     * have opposite signs (one buys, the other sells), {@code c_k = sign(p_k)·min(|p_k|, |p_r|)},
     * otherwise {@code c_k = 0}. Exactly reciprocal ({@code c_r = −c_k} bit for bit), and nobody
     * trades more on a link than it proposed ({@code |c_k| ≤ |p_k|}, same sign), so within every
     * link's limit and zero on a link either side left at zero.
     *
     * @param p the proposed trades (links × slots), positive = bought
     * @param reverse {@code reverse[k]}: the link index of the opposite direction
     * @return the cleared trades, a new array
     */
    public static double[][] clearBilateral(double[][] p, int[] reverse) {
        double[][] out = new double[p.length][];
        for (int k = 0; k < p.length; k++) {
            int r = reverse[k];
            out[k] = new double[p[k].length];
            for (int t = 0; t < p[k].length; t++) {
                double mine = p[k][t];
                double theirs = p[r][t];
                if (mine > 0.0 && theirs < 0.0) {
                    out[k][t] = Math.min(mine, -theirs);
                } else if (mine < 0.0 && theirs > 0.0) {
                    out[k][t] = -Math.min(-mine, theirs);
                }
            }
        }
        return out;
    }

    /**
     * Pool clearing, slot by slot: the long side of the market is rationed pro rata. With
     * {@code B = Σ_{q_u > 0} q_u} bought and {@code S = Σ_{q_u < 0} −q_u} sold (sums in index
     * order), when {@code B > S} every buyer gets {@code q_u·(S/B)} and every seller its own offer;
     * when {@code S > B} every seller sells {@code q_u·(B/S)} and every buyer gets its bid; when
     * {@code B = S} nothing changes. So nobody trades more than it proposed (same sign, within its
     * limit) and the cleared trades sum to zero up to rounding ({@code |Σ_u c_u| ≤ n·2⁻⁵²·max(B, S)}).
     *
     * @param q the proposed pool trades, one link per prosumer (prosumers × slots)
     * @return the cleared trades, a new array
     */
    public static double[][] clearPool(double[][] q) {
        int n = q.length;
        int slots = n == 0 ? 0 : q[0].length;
        double[][] out = new double[n][slots];
        for (int t = 0; t < slots; t++) {
            double bought = 0.0;
            double sold = 0.0;
            for (int u = 0; u < n; u++) {
                if (q[u][t] > 0.0) {
                    bought += q[u][t];
                } else if (q[u][t] < 0.0) {
                    sold -= q[u][t];
                }
            }
            double buyers = bought > sold ? sold / bought : 1.0;
            double sellers = sold > bought ? bought / sold : 1.0;
            for (int u = 0; u < n; u++) {
                double v = q[u][t];
                out[u][t] = v > 0.0 ? v * buyers : v < 0.0 ? v * sellers : 0.0;
            }
        }
        return out;
    }

    /**
     * The dual update {@code λ ← λ + ρ·(p' − p̂)}.
     *
     * @param lambda the duals, updated in place
     * @param rho the penalty
     * @param auxiliary {@code p'}
     * @param p the (relaxed) trades
     */
    public static void updateDuals(double[][] lambda, double rho, double[][] auxiliary, double[][] p) {
        for (int k = 0; k < lambda.length; k++) {
            for (int t = 0; t < lambda[k].length; t++) {
                lambda[k][t] = lambda[k][t] + rho * (auxiliary[k][t] - p[k][t]);
            }
        }
    }

    /**
     * @param a an array of vectors
     * @return {@code ‖a‖₂} over every entry
     */
    public static double norm(double[][] a) {
        double sum = 0.0;
        for (double[] row : a) {
            for (double v : row) {
                sum += v * v;
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * @param a an array of vectors
     * @param b an array of the same shape
     * @return {@code ‖a − b‖₂} over every entry
     */
    public static double distance(double[][] a, double[][] b) {
        double sum = 0.0;
        for (int k = 0; k < a.length; k++) {
            for (int t = 0; t < a[k].length; t++) {
                double d = a[k][t] - b[k][t];
                sum += d * d;
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * The paper's stopping quantity {@code Σ_k ‖p'_k − p_k‖₂}: the sum over links of the norm over
     * slots.
     *
     * @param auxiliary {@code p'}
     * @param p the local trades
     * @return the sum of per-link distances
     */
    public static double paperResidual(double[][] auxiliary, double[][] p) {
        double sum = 0.0;
        for (int k = 0; k < p.length; k++) {
            double s = 0.0;
            for (int t = 0; t < p[k].length; t++) {
                double d = auxiliary[k][t] - p[k][t];
                s += d * d;
            }
            sum += Math.sqrt(s);
        }
        return sum;
    }

    /**
     * The standard primal tolerance {@code √n·ε_abs + ε_rel·max(‖p‖, ‖p'‖)}.
     *
     * @param entries {@code n}, the number of trade entries
     * @param epsAbs absolute tolerance
     * @param epsRel relative tolerance
     * @param normP {@code ‖p‖}
     * @param normAux {@code ‖p'‖}
     * @return the tolerance the primal residual must not exceed
     */
    public static double primalTolerance(int entries, double epsAbs, double epsRel, double normP, double normAux) {
        return Math.sqrt(entries) * epsAbs + epsRel * Math.max(normP, normAux);
    }

    /**
     * The standard dual tolerance {@code √n·ε_abs + ε_rel·‖λ‖}.
     *
     * @param entries {@code n}, the number of trade entries
     * @param epsAbs absolute tolerance
     * @param epsRel relative tolerance
     * @param normLambda {@code ‖λ‖}
     * @return the tolerance the dual residual must not exceed
     */
    public static double dualTolerance(int entries, double epsAbs, double epsRel, double normLambda) {
        return Math.sqrt(entries) * epsAbs + epsRel * normLambda;
    }

    /**
     * The comparison of every stopping test: a residual passes only when both it and its
     * tolerance are finite numbers and it does not exceed the tolerance, so a non-finite residual
     * (∞ ≤ ∞, NaN) never counts as converged.
     *
     * @param residual the residual
     * @param tolerance what it must not exceed
     * @return true when within tolerance
     */
    public static boolean withinTolerance(double residual, double tolerance) {
        return Double.isFinite(residual) && Double.isFinite(tolerance) && residual <= tolerance;
    }

    /**
     * Residual balancing (Boyd et al. 2011, §3.4.1): ρ×τ when {@code r > μ·s}, ρ/τ when
     * {@code s > μ·r}, else unchanged. The duals λ are kept unscaled, so they need no rescaling.
     *
     * @param rho the current penalty
     * @param primal the primal residual r
     * @param dual the dual residual s
     * @param mu the imbalance that triggers a change (10 in docs/model.md)
     * @param tau the factor (2 in docs/model.md)
     * @return the new penalty
     */
    public static double balanceRho(double rho, double primal, double dual, double mu, double tau) {
        if (primal > mu * dual) {
            return rho * tau;
        }
        if (dual > mu * primal) {
            return rho / tau;
        }
        return rho;
    }
}
