package org.tem.consensus.poa;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.tem.ledger.crypto.Address;

/**
 * Signers that follow the sealing and voting rules of {@link PoaFinality}: each keeps its
 * {@link PoaSignerGuard} and sets the finality flag exactly when the guard allows the vote.
 * Mutable; one per test run.
 */
final class Honest {

    final Map<Address, PoaSignerGuard> guards = new HashMap<>();

    PoaSignerGuard guard(Address signer) {
        return guards.getOrDefault(signer, PoaSignerGuard.fresh());
    }

    /** Whether {@code signer} may seal on {@code parent}: the Clique rules alone decide. */
    boolean maySeal(Blk parent, Address signer) {
        return parent.snap.maySeal(signer);
    }

    /** Seals on {@code parent}, voting if the guard allows; fails the test if sealing is not allowed. */
    Blk seal(Blk parent, Address signer) {
        return seal(parent, signer, Optional.empty());
    }

    /** As {@link #seal(Blk, Address)}, carrying a signer vote. */
    Blk seal(Blk parent, Address signer, Optional<PoaVote> vote) {
        Optional<PoaFinalityVote> v = parent.fin.nextVote();
        boolean flag = v.isPresent() && guard(signer).mayVote(v.get());
        Blk b = parent.tryChild(signer, vote, flag)
                .orElseThrow(() -> new AssertionError(signer + " may not seal block " + (parent.number + 1)));
        if (flag) {
            guards.put(signer, guard(signer).voted(v.get()));
        }
        return b;
    }

    /** Seals one block per letter of {@code signers}, in order, each on the previous. */
    Blk seal(Blk parent, String signers) {
        Blk b = parent;
        for (char c : signers.toCharArray()) {
            b = seal(b, Names.addr(c));
        }
        return b;
    }
}
