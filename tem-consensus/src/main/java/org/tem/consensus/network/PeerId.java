package org.tem.consensus.network;

import java.util.Objects;

/**
 * A node's identity on a network: a name in the in-memory network, the hex of the node key's
 * address over TCP. Ordered by the name, so that sets of peers iterate in one order on every
 * run. Immutable.
 *
 * @param name 1 to {@link #MAX_LENGTH} printable ASCII characters
 */
public record PeerId(String name) implements Comparable<PeerId> {

    /** The longest name. */
    public static final int MAX_LENGTH = 128;

    /**
     * @param name 1 to {@link #MAX_LENGTH} printable ASCII characters
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if the name is empty, too long, or not printable ASCII
     */
    public PeerId {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > MAX_LENGTH || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("peer name must be 1 to " + MAX_LENGTH
                    + " printable ASCII characters without spaces, was '" + name + "'");
        }
    }

    @Override
    public int compareTo(PeerId o) {
        return name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
