package org.tem.solver.fixedpoint;

import java.util.ArrayList;
import java.util.List;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Vpp;
import org.tem.solver.LocalProblem;
import org.tem.solver.qp.IpmSolver;
import org.tem.solver.qp.OsqpSolver;
import org.tem.solver.qp.QpProblem;
import org.tem.solver.qp.QpResult;
import org.tem.solver.qp.QpStart;
import org.tem.solver.qp.QpStatus;

/**
 * The true cost of a round's outcome: every prosumer re-solves its own problem once with its trades
 * fixed to the settled reciprocal trades {@code p'} — the schedule the ledger will actually hold
 * it to — and the costs are summed. This is the figure of merit against the central optimum (an
 * ADMM iterate's own proposals {@code p} are not reciprocal, so their cost flatters it). Stateless.
 */
public final class ReciprocalCost {
    private ReciprocalCost() {
    }

    /**
     * The result of the re-solve.
     *
     * @param cost the social cost of the reciprocal schedule, currency (NaN when a prosumer cannot
     *     absorb its trades)
     * @param schedules each prosumer's re-solved schedule (absent for those that failed)
     * @param failed the ids of prosumers whose problem with fixed trades has no solution
     * @param clampedKwh the largest amount by which a fixed trade had to be moved into its link's
     *     bounds (pool trades {@code q'} may exceed them by up to the primal residual)
     */
    public record Result(double cost, List<ProsumerSchedule> schedules, List<String> failed, double clampedKwh) {
    }

    /**
     * @param vpp the VPP
     * @param trades {@code p'} per prosumer: {@code trades.get(u)} is prosumer u's links × slots,
     *     kWh, positive = bought, in its links' order
     * @return the re-solved schedules and their cost
     * @throws IllegalArgumentException when the shapes do not match the VPP's links
     */
    public static Result of(Vpp vpp, List<double[][]> trades) {
        return of(vpp, trades, 0.0);
    }

    /**
     * The re-solve with each fixed trade allowed to move by at most {@code slackKwh}: a home whose
     * own flexibility is exhausted in a slot (no grid import left to cut, nothing to curtail or
     * store) cannot take even a tiny extra purchase, so an exact re-solve reports it as failed;
     * with a slack the size of the round's tolerance it gets the schedule closest to {@code p'}.
     *
     * @param vpp the VPP
     * @param trades {@code p'} per prosumer, as {@link #of(Vpp, List)}
     * @param slackKwh how far each fixed trade may move, kWh, {@code >= 0}
     * @return the re-solved schedules and their cost
     * @throws IllegalArgumentException when the shapes do not match the VPP's links, or the slack is
     *     negative
     */
    public static Result of(Vpp vpp, List<double[][]> trades, double slackKwh) {
        if (!(slackKwh >= 0)) {
            throw new IllegalArgumentException("slackKwh: must be >= 0, was " + slackKwh);
        }
        if (trades.size() != vpp.size()) {
            throw new IllegalArgumentException("trades: need one matrix per prosumer");
        }
        List<ProsumerSchedule> schedules = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        double total = 0;
        double clamped = 0;
        for (int u = 0; u < vpp.size(); u++) {
            LocalProblem local = LocalProblem.of(vpp, u);
            double[][] fixed = trades.get(u);
            int links = local.links().size();
            int slots = vpp.horizon().slots();
            if (fixed.length != links) {
                throw new IllegalArgumentException("trades[" + u + "]: need " + links + " links");
            }
            int[][] index = tradeIndices(local, links, slots);
            QpProblem base = local.problem();
            double[] lo = base.varLower();
            double[] hi = base.varUpper();
            for (int k = 0; k < links; k++) {
                for (int t = 0; t < slots; t++) {
                    int j = index[k][t];
                    double v = Math.max(lo[j], Math.min(hi[j], fixed[k][t]));
                    clamped = Math.max(clamped, Math.abs(v - fixed[k][t]));
                    lo[j] = Math.max(lo[j], v - slackKwh);
                    hi[j] = Math.min(hi[j], v + slackKwh);
                }
            }
            QpProblem pinned = new QpProblem(base.quadratic(), base.linear(), base.constant(), base.constraints(),
                    base.rowLower(), base.rowUpper(), lo, hi);
            QpResult r = new IpmSolver().solve(pinned, QpStart.COLD);
            if (r.status() != QpStatus.OPTIMAL) {
                r = new OsqpSolver().solve(pinned, QpStart.COLD);
            }
            if (r.status() != QpStatus.OPTIMAL) {
                failed.add(vpp.prosumers().get(u).id() + ":" + r.status());
                continue;
            }
            ProsumerSchedule s = local.schedule(r.x());
            schedules.add(s);
            total += s.cost();
        }
        return new Result(failed.isEmpty() ? total : Double.NaN, schedules, failed, clamped);
    }

    /**
     * Finds the QP variable of each trade entry: the penalised problem with ρ = 1, {@code p' = 0}
     * and {@code λ[k][t] = −(k·slots + t + 1)} differs from the plain one, in its linear term,
     * by exactly that marker on the trade variable of (k, t) and nowhere else.
     */
    private static int[][] tradeIndices(LocalProblem local, int links, int slots) {
        double[][] zero = new double[links][slots];
        double[][] marker = new double[links][slots];
        for (int k = 0; k < links; k++) {
            for (int t = 0; t < slots; t++) {
                marker[k][t] = -(k * slots + t + 1);
            }
        }
        double[] plain = local.problem().linear();
        double[] marked = local.penalised(1.0, zero, marker).linear();
        int[][] index = new int[links][slots];
        for (int[] row : index) {
            java.util.Arrays.fill(row, -1);
        }
        for (int j = 0; j < plain.length; j++) {
            long d = Math.round(marked[j] - plain[j]);
            if (d >= 1 && d <= (long) links * slots) {
                index[(int) ((d - 1) / slots)][(int) ((d - 1) % slots)] = j;
            }
        }
        for (int[] row : index) {
            for (int j : row) {
                if (j < 0) {
                    throw new IllegalStateException("trade variables not found in the local problem");
                }
            }
        }
        return index;
    }
}
