package org.tem.consensus.poa;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.tem.ledger.crypto.Address;

/**
 * A line-by-line model of go-ethereum's {@code Snapshot.apply} (consensus/clique/snapshot.go),
 * with its hash maps, chronological vote list and cached tally, written independently of
 * {@link PoaSnapshot} to test it differentially. "No vote" is geth's drop vote on the zero
 * address. One deviation, tem's, is switchable: {@code keepLastSigner} refuses to empty the set.
 * Mutable; one per run.
 */
final class GethCliqueModel {

    record Vote(Address signer, long block, Address address, boolean authorize) {
    }

    record Tally(boolean authorize, int votes) {
    }

    final long epoch;
    final boolean keepLastSigner;
    long number;
    final Set<Address> signers = new HashSet<>();
    final Map<Long, Address> recents = new HashMap<>();
    List<Vote> votes = new ArrayList<>();
    Map<Address, Tally> tally = new HashMap<>();

    GethCliqueModel(List<Address> genesis, long epoch, boolean keepLastSigner) {
        this.epoch = epoch;
        this.keepLastSigner = keepLastSigner;
        signers.addAll(genesis);
    }

    private boolean cast(Address address, boolean authorize) {
        boolean signer = signers.contains(address);
        if (signer && authorize || !signer && !authorize) {
            return false;
        }
        if (keepLastSigner && !authorize && signers.size() == 1) {
            return false;
        }
        Tally old = tally.get(address);
        tally.put(address, old == null ? new Tally(authorize, 1) : new Tally(old.authorize(), old.votes() + 1));
        return true;
    }

    private void uncast(Address address, boolean authorize) {
        Tally t = tally.get(address);
        if (t == null || t.authorize() != authorize) {
            return;
        }
        if (t.votes() > 1) {
            tally.put(address, new Tally(t.authorize(), t.votes() - 1));
        } else {
            tally.remove(address);
        }
    }

    /**
     * Applies one header; returns null if accepted, else the error geth returns. State is only
     * changed on success (geth works on a copy).
     */
    String apply(Address signer, Address coinbase, boolean authorizeNonce) {
        long n = number + 1;
        // geth works on a copy and discards it on error: snapshot the mutable parts.
        Map<Long, Address> recentsBefore = new HashMap<>(recents);
        List<Vote> votesBefore = new ArrayList<>(votes);
        Map<Address, Tally> tallyBefore = new HashMap<>(tally);
        if (n % epoch == 0) {
            votes = new ArrayList<>();
            tally = new HashMap<>();
        }
        long limit = signers.size() / 2 + 1;
        if (n >= limit) {
            recents.remove(n - limit);
        }
        String error = null;
        if (!signers.contains(signer)) {
            error = "unauthorized signer";
        } else if (recents.containsValue(signer)) {
            error = "recently signed";
        }
        if (error != null) {
            recents.clear();
            recents.putAll(recentsBefore);
            votes = votesBefore;
            tally = tallyBefore;
            return error;
        }
        recents.put(n, signer);
        for (int i = 0; i < votes.size(); i++) {
            Vote v = votes.get(i);
            if (v.signer().equals(signer) && v.address().equals(coinbase)) {
                uncast(v.address(), v.authorize());
                votes.remove(i);
                break;
            }
        }
        if (cast(coinbase, authorizeNonce)) {
            votes.add(new Vote(signer, n, coinbase, authorizeNonce));
        }
        Tally t = tally.get(coinbase);
        boolean guardEmpty = keepLastSigner && t != null && !t.authorize() && signers.size() == 1;
        if (t != null && t.votes() > signers.size() / 2 && !guardEmpty) {
            if (t.authorize()) {
                signers.add(coinbase);
            } else {
                signers.remove(coinbase);
                long shrunk = signers.size() / 2 + 1;
                if (n >= shrunk) {
                    recents.remove(n - shrunk);
                }
                for (int i = 0; i < votes.size(); i++) {
                    if (votes.get(i).signer().equals(coinbase)) {
                        uncast(votes.get(i).address(), votes.get(i).authorize());
                        votes.remove(i);
                        i--;
                    }
                }
            }
            for (int i = 0; i < votes.size(); i++) {
                if (votes.get(i).address().equals(coinbase)) {
                    votes.remove(i);
                    i--;
                }
            }
            tally.remove(coinbase);
        }
        number = n;
        return null;
    }

    TreeMap<Long, Address> sortedRecents() {
        return new TreeMap<>(recents);
    }
}
