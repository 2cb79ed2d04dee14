package org.tem.solver.contract;

/**
 * What the coordination tells one participant for the open iteration: the penalty, the targets and
 * prices of its own links, which links are frozen, whether it is excluded and whether a candidate
 * settlement awaits its answer. The record keeps the matrices it is given (a decoder makes fresh
 * ones) and a copy of the flags; the accessors return the record's own arrays, which callers must
 * not modify. Every shape is checked when it is made.
 *
 * @param iteration the open iteration, from 1
 * @param rho ρ of the open iteration
 * @param target {@code p'} of the participant's links (links × slots), kWh, positive = bought
 * @param lambda {@code λ} of its links (links × slots), currency per kWh
 * @param frozen per link: frozen at zero (the peer at its other end was excluded)
 * @param excluded whether this participant is excluded (it then no longer submits)
 * @param candidate whether a candidate settlement awaits confirmation
 * @param candidateTrades this participant's part of the candidate (links × slots), or no rows
 *     when there is none
 */
public record Broadcast(int iteration, double rho, double[][] target, double[][] lambda, boolean[] frozen,
        boolean excluded, boolean candidate, double[][] candidateTrades) {

    /**
     * @param iteration the open iteration
     * @param rho ρ
     * @param target {@code p'} of the links
     * @param lambda {@code λ} of the links
     * @param frozen frozen flags, one per link
     * @param excluded excluded
     * @param candidate candidate settlement present
     * @param candidateTrades the candidate's trades, or none
     * @throws IllegalArgumentException when the shapes do not agree: {@code target}, {@code lambda}
     *     and {@code frozen} must have one row/flag per link, rows of one length, and
     *     {@code candidateTrades} the shape of {@code target} exactly when {@code candidate}
     */
    public Broadcast {
        int links = target.length;
        if (lambda.length != links || frozen.length != links) {
            throw new IllegalArgumentException("broadcast: " + links + " links of p', " + lambda.length + " of λ, "
                    + frozen.length + " frozen flags");
        }
        int slots = links == 0 ? 0 : target[0].length;
        sameShape("lambda", lambda, links, slots);
        sameShape("target", target, links, slots);
        if (candidate) {
            sameShape("candidate", candidateTrades, links, slots);
        } else if (candidateTrades.length != 0) {
            throw new IllegalArgumentException("broadcast: candidate trades without a candidate");
        }
        frozen = frozen.clone();
    }

    private static void sameShape(String name, double[][] m, int rows, int cols) {
        if (m.length != rows) {
            throw new IllegalArgumentException("broadcast: " + name + " has " + m.length + " rows, needs " + rows);
        }
        for (double[] row : m) {
            if (row.length != cols) {
                throw new IllegalArgumentException("broadcast: " + name + " rows must have " + cols + " values");
            }
        }
    }
}
