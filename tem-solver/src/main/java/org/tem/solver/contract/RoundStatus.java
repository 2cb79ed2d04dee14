package org.tem.solver.contract;

import org.tem.api.contract.ContractException;

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
