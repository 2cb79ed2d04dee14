package org.tem.api;

/**
 * A handle on a block of decision variables created by {@link ModelBuilder#variables}. Component
 * code uses it to refer to its variables when adding costs, balance terms and constraints; the
 * solver owns the actual indices. Immutable.
 *
 * @param name a name unique within the prosumer, for diagnostics (e.g. {@code "battery.charge"})
 * @param offset the index of the first variable in the compiled problem
 * @param size the number of variables in the block
 */
public record Variables(String name, int offset, int size) {

    /**
     * Creates the record, checking its values.
     *
     * @param name a name unique within the prosumer, for diagnostics (e.g. {@code "battery.charge"})
     * @param offset the index of the first variable in the compiled problem
     * @param size the number of variables in the block
     * @throws IllegalArgumentException on a negative offset or a non-positive size
     */
    public Variables {
        Checks.id("name", name);
        if (offset < 0 || size < 1) {
            throw new IllegalArgumentException("variables " + name + ": offset must be >= 0 and size >= 1, was "
                    + offset + ", " + size);
        }
    }

    /**
     * @param i an index within the block, {@code 0 <= i < size}
     * @return the index of that variable in the compiled problem
     * @throws IndexOutOfBoundsException if {@code i} is outside the block
     */
    public int index(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("variables " + name + ": index " + i + " outside [0, " + size + ")");
        }
        return offset + i;
    }
}
