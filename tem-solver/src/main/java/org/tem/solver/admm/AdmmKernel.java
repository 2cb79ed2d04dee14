package org.tem.solver.admm;

/**
 * The coordination step of ADMM (MODEL.md, "ADMM") as pure, deterministic functions over arrays:
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
     * The bilateral auxiliary update (MODEL.md eq. 5): with {@code w = p̂ − λ/ρ},
     * {@code p'_uv = (w_uv − w_vu)/2}, the projection onto reciprocal trades.
     *
     * @param p the (relaxed) trades
     * @param lambda the duals
     * @param rho the penalty
     * @param reverse {@code reverse[k]}: the link index of the opposite direction
     * @return {@code p'}, a new array
     */
    public static double[][] auxiliaryBilateral(double[][] p, double[][] lambda, double rho, int[] reverse) {
        double[][] out = new double[p.length][];
        for (int k = 0; k < p.length; k++) {
            int r = reverse[k];
            out[k] = new double[p[k].length];
            for (int t = 0; t < p[k].length; t++) {
                double w = p[k][t] - lambda[k][t] / rho;
                double wReverse = p[r][t] - lambda[r][t] / rho;
                out[k][t] = (w - wReverse) / 2.0;
            }
        }
        return out;
    }

    /**
     * The pool auxiliary update (exchange ADMM): with {@code w = p̂ − λ/ρ},
     * {@code q'_u[t] = w_u[t] − mean_u w[t]}, the projection onto zero-sum trades.
     *
     * @param q the (relaxed) pool trades, one link per prosumer
     * @param lambda the duals
     * @param rho the penalty
     * @return {@code q'}, a new array
     */
    public static double[][] auxiliaryPool(double[][] q, double[][] lambda, double rho) {
        int n = q.length;
        int slots = n == 0 ? 0 : q[0].length;
        double[][] out = new double[n][slots];
        for (int t = 0; t < slots; t++) {
            double sum = 0.0;
            for (int u = 0; u < n; u++) {
                sum += q[u][t] - lambda[u][t] / rho;
            }
            double mean = sum / n;
            for (int u = 0; u < n; u++) {
                out[u][t] = (q[u][t] - lambda[u][t] / rho) - mean;
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
     * Residual balancing (Boyd et al. 2011, §3.4.1): ρ×τ when {@code r > μ·s}, ρ/τ when
     * {@code s > μ·r}, else unchanged. The duals λ are kept unscaled, so they need no rescaling.
     *
     * @param rho the current penalty
     * @param primal the primal residual r
     * @param dual the dual residual s
     * @param mu the imbalance that triggers a change (10 in MODEL.md)
     * @param tau the factor (2 in MODEL.md)
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
