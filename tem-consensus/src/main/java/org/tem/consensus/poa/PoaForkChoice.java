package org.tem.consensus.poa;

import java.util.Comparator;

/**
 * Fork choice between candidate heads, as pure comparators: the greater head is preferred
 * ({@code Collections.max(heads, WITH_FINALITY)} is the head to follow). Both are total orders
 * over heads with distinct hashes, so every node that knows the same heads picks the same one,
 * whatever order it saw them in. Thread-safe.
 */
public final class PoaForkChoice {

    /**
     * Clique's fork choice with EIP-3436's tie-breaks, exactly: prefer (1) the higher total
     * difficulty, then (2) the lower block number, then (3) the lower {@link
     * PoaHead#inTurnDistance()} (EIP-3436's {@code (Hn - Vi) mod Vt}: the signer whose in-turn
     * slot is furthest away is declined, keeping it free to seal in turn soon), then (4) the
     * lower hash as an unsigned 256-bit integer. Not safe with respect to finality on its own:
     * see {@link PoaFinality}.
     */
    public static final Comparator<PoaHead> CLIQUE = Comparator
            .comparingLong(PoaHead::totalDifficulty)
            .thenComparing(Comparator.comparingLong(PoaHead::number).reversed())
            .thenComparing(Comparator.comparingInt(PoaHead::inTurnDistance).reversed())
            .thenComparing(Comparator.comparing(PoaHead::hash).reversed());

    /**
     * The fork choice honest nodes follow: first the head whose chain has the higher justified
     * anchor ({@link PoaHead#justified()}, by number), then {@link #CLIQUE}. A node following it
     * never leaves a block that is final by its own chain's evidence (the argument is in {@link
     * PoaFinality}), so it never reorganises below a final block, while Clique's rule alone may
     * (the 3|2 and 4|3 splits).
     */
    public static final Comparator<PoaHead> WITH_FINALITY = Comparator
            .comparingLong((PoaHead h) -> h.justified().number())
            .thenComparing(CLIQUE);

    private PoaForkChoice() {
    }
}
