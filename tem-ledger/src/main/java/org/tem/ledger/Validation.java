package org.tem.ledger;

import java.util.Objects;

/**
 * The outcome of checking untrusted input: valid, or invalid with a reason. Validation never
 * throws for bad input; it returns an invalid result instead.
 *
 * @param valid whether the input passed every check
 * @param reason why it did not, or the empty string when valid
 */
public record Validation(boolean valid, String reason) {

    private static final Validation VALID = new Validation(true, "");

    /**
     * @param valid whether the input passed every check
     * @param reason why it did not, or the empty string when valid
     * @throws IllegalArgumentException if an invalid result has a blank reason or a valid one has
     *     a reason
     */
    public Validation {
        Objects.requireNonNull(reason, "reason");
        if (valid != reason.isEmpty()) {
            throw new IllegalArgumentException(
                    "reason must be empty exactly when valid, was '" + reason + "'");
        }
    }

    /**
     * @return the valid result
     */
    public static Validation ok() {
        return VALID;
    }

    /**
     * @param reason why the input is invalid, not blank
     * @return an invalid result
     * @throws IllegalArgumentException if the reason is blank
     */
    public static Validation invalid(String reason) {
        if (reason.isBlank()) {
            throw new IllegalArgumentException("reason must not be blank");
        }
        return new Validation(false, reason);
    }
}
