package org.tem.solver.contract;

import java.util.List;
import org.tem.api.contract.ContractException;
import org.tem.solver.admm.AdmmIteration;
import org.tem.solver.admm.AdmmOutcome;

/**
 * Where a coordination round stands. Each status has an explicit code, the one stored on the
 * ledger and returned by the {@code round} query; codes never change meaning.
 */
public enum RoundStatus {
    /** Collecting submissions for the open iteration. Code 1. */
    OPEN(1),
    /** Converged; payments are settled. Code 2. */
    FINAL(2),
    /** Stopped at the iteration cap without converging; nothing is settled. Code 3. */
    MAX_ITERATIONS(3),
    /** Every participant was excluded for missing its deadlines; nothing is traded or settled. Code 4. */
    ABANDONED(4);

    private final int code;

    RoundStatus(int code) {
        this.code = code;
    }

    /** @return the code stored on the ledger (never the ordinal) */
    public int code() {
        return code;
    }

    /**
     * How a round that ended with this status reads as an ADMM run, for a driver that followed it
     * on a ledger (the trades are read from the ledger, so the outcome carries none).
     *
     * @param history the iterations observed, in order
     * @param maxIterations the round's iteration cap, for the message
     * @param excluded the ids of the prosumers the deadline rule excluded
     * @return FINAL → converged; ABANDONED → abandoned; MAX_ITERATIONS → the cap, each with its
     *     reason; OPEN (a driver that stopped following a round still open) reads as the cap too
     */
    public AdmmOutcome outcome(List<AdmmIteration> history, int maxIterations, List<String> excluded) {
        AdmmOutcome.Status status = switch (this) {
            case FINAL -> AdmmOutcome.Status.CONVERGED;
            case ABANDONED -> AdmmOutcome.Status.ABANDONED;
            case MAX_ITERATIONS, OPEN -> AdmmOutcome.Status.MAX_ITERATIONS;
        };
        String reason = switch (status) {
            case CONVERGED -> "";
            case ABANDONED -> "every prosumer was excluded for missing its deadlines";
            default -> "iteration cap " + maxIterations + " reached";
        };
        return new AdmmOutcome(status, history.size(), history, new double[0][], new double[0][], "", reason, excluded);
    }

    /**
     * @param code a code written by {@link #code()}
     * @return the status
     * @throws ContractException for an unknown code
     */
    public static RoundStatus fromCode(int code) {
        for (RoundStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new ContractException("round: unknown status code " + code);
    }
}
