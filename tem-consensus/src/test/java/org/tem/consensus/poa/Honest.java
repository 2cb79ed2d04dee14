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

    /** Whether {@code signer} may seal on {@code parent}: Clique allows it and it is above its last block. */
    boolean maySeal(Blk parent, Address signer) {
        return parent.snap.maySeal(signer) && guard(signer).maySeal(parent.number + 1);
    }

    /** Seals on {@code parent}, voting if the guard allows; fails the test if sealing is not allowed. */
    Blk seal(Blk parent, Address signer) {
        return seal(parent, signer, Optional.empty());
    }

    /** As {@link #seal(Blk, Address)}, carrying a signer vote. */
    Blk seal(Blk parent, Address signer, Optional<PoaVote> vote) {
        if (!guard(signer).maySeal(parent.number + 1)) {
            throw new AssertionError(signer + " already sealed at or above " + (parent.number + 1));
        }
        Optional<PoaFinalityVote> v = parent.fin.nextVote();
        boolean flag = v.isPresent() && guard(signer).mayVote(v.get());
        Blk b = parent.tryChild(signer, vote, flag)
                .orElseThrow(() -> new AssertionError(signer + " may not seal block " + (parent.number + 1)));
        guards.put(signer, guard(signer).sealed(b.number, flag ? v : Optional.empty()));
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
