package org.tem.consensus.node;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.network.tcp.NodeKeyPolicy;
import org.tem.ledger.chain.ChainReader;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.permission.Permissions;
import org.tem.ledger.state.StateView;

/**
 * The {@link NodeKeyPolicy} backed by a chain's on-chain node-key list (the {@link Permissions}
 * contract): a key may connect when it is listed both at the finalised block and at the head.
 *
 * <p><b>Why both.</b> An addition counts only once final: every honest node then agrees on it and
 * no reorganisation can take it back, so a key never joins on a block that is later dropped. A
 * removal counts as soon as it is at the head: the operator withdraws a key to cut a peer off,
 * and waiting for finality (a few blocks) would keep it connected for no benefit. If a
 * reorganisation drops the removal, the key is allowed again and its node redials.
 *
 * <p><b>Threads.</b> {@link #allows} reads one volatile immutable set and never blocks: it is
 * called on the transport's network threads. {@link #refresh} reads the chain's state views
 * (immutable, never waiting for an import) and replaces the set; a node calls it on its loop when
 * its head or finalised block moves, and it may be called from any thread (calls are serialised).
 *
 * <p><b>Bounds.</b> The list is the operator's, so it is trusted not to be hostile, but it is
 * still read with a bound: at most {@link #MAX_KEYS} keys are taken (in address order) and a
 * longer list is reported by {@link #truncated()}.
 */
public final class ChainNodeKeys implements NodeKeyPolicy {

    /** The most node keys read from the chain. */
    public static final int MAX_KEYS = 10_000;

    private volatile Set<Bytes> allowed = Set.of();
    private volatile boolean truncated;
    // Guarded by this.
    private Hash headRoot;
    private Hash finalRoot;
    private Set<Bytes> atHead = Set.of();
    private Set<Bytes> atFinal = Set.of();
    private boolean headTruncated;
    private boolean finalTruncated;

    /** Creates a policy that allows nothing until its first {@link #refresh}. */
    public ChainNodeKeys() {
    }

    @Override
    public boolean allows(Bytes publicKey) {
        return publicKey != null && allowed.contains(publicKey);
    }

    /**
     * @return the keys allowed now (listed at the finalised block and at the head), unmodifiable
     */
    public Set<Bytes> allowed() {
        return allowed;
    }

    /**
     * @return whether the last refresh found more than {@link #MAX_KEYS} keys on a list (only the
     *     first were taken)
     */
    public boolean truncated() {
        return truncated;
    }

    /**
     * Reads the node-key list at the reader's head and finalised block (only the lists whose
     * state root changed since the last call) and updates the allowed set.
     *
     * @param reader the chain's reader
     * @return whether the allowed set changed (the node then revalidates its connections)
     * @throws org.tem.ledger.storage.StorageException if the store fails
     */
    public synchronized boolean refresh(ChainReader reader) {
        Objects.requireNonNull(reader, "reader");
        StateView head = reader.state();
        StateView fin = reader.finalizedState();
        boolean changed = false;
        if (!head.root().equals(headRoot)) {
            Set<Bytes> k = read(head);
            headTruncated = k.size() == MAX_KEYS && more(head);
            headRoot = head.root();
            changed |= !k.equals(atHead);
            atHead = k;
        }
        if (!fin.root().equals(finalRoot)) {
            Set<Bytes> k = read(fin);
            finalTruncated = k.size() == MAX_KEYS && more(fin);
            finalRoot = fin.root();
            changed |= !k.equals(atFinal);
            atFinal = k;
        }
        truncated = headTruncated || finalTruncated;
        if (!changed) {
            return false;
        }
        Set<Bytes> both = new HashSet<>(atFinal);
        both.retainAll(atHead);
        Set<Bytes> next = Set.copyOf(both);
        boolean differs = !next.equals(allowed);
        allowed = next;
        return differs;
    }

    private static Set<Bytes> read(StateView state) {
        Set<Bytes> keys = new HashSet<>();
        state.scan(Permissions.ADDRESS, Bytes.of(Permissions.NODE_KEY_PREFIX), (k, v) -> {
            keys.add(Bytes.wrap(v));
            return keys.size() < MAX_KEYS;
        });
        return keys;
    }

    /** Whether the list in {@code state} has more than {@link #MAX_KEYS} entries. */
    private static boolean more(StateView state) {
        int[] n = {0};
        state.scan(Permissions.ADDRESS, Bytes.of(Permissions.NODE_KEY_PREFIX), (k, v) -> ++n[0] <= MAX_KEYS);
        return n[0] > MAX_KEYS;
    }
}
