package org.tem.ledger.mempool;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.LedgerException;
import org.tem.ledger.Validation;
import org.tem.ledger.block.Block;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.chain.Blockchain;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.storage.StorageException;
import org.tem.ledger.tx.ParallelVerifier;
import org.tem.ledger.tx.Transaction;

/**
 * Pending transactions for one chain, in arrival order, shared fairly between senders.
 *
 * <p>Admission runs the cheap checks first, so that junk costs no signature work: the size of
 * the bytes, their structure, the chain id, that the transaction is not already pending, that
 * its sender is on the chain's permissions list, that it carries exactly the sender's next nonce
 * (the head nonce plus the sender's pending count: replayed, duplicate and gapped nonces are
 * rejected, not queued), that the contract and method exist, and that the sender's quota and the
 * pool have room. Only then is the signature verified, against the key the chain lists for the
 * sender (outside the pool's lock, so admissions verify in parallel), and the checks repeated
 * before the insert. Each sender's pending transactions form a contiguous nonce run and arrival
 * order is nonce order.
 *
 * <p>Fairness: a sender may have at most {@code maxPerSender} pending transactions (set it well
 * below {@code maxSize}). When the pool is full, a newcomer whose sender has {@code c} pending
 * transactions evicts the latest-nonce transaction of the sender with the most pending (the
 * lowest address among equals) if that sender has more than {@code c + 1}; otherwise it is
 * refused. So a flooding sender never keeps another sender's transaction out: the pool tends to
 * equal shares. Evicted transactions are reported to the listener given at construction.
 *
 * <p>Thread-safe. A {@link StorageException} from the chain propagates; it is not a rejection.
 */
public final class Mempool {

    private final Blockchain chain;
    private final int maxSize;
    private final int maxPerSender;
    private final BiConsumer<Transaction, String> onEvicted;
    private final LinkedHashMap<Hash, Transaction> pending = new LinkedHashMap<>();
    // Sorted, so that the choice of a sender to evict from is deterministic.
    private final TreeMap<Address, ArrayDeque<Transaction>> bySender = new TreeMap<>();

    /**
     * A pool that drops evicted transactions silently.
     *
     * @param chain the chain whose head state decides admission
     * @param maxSize the most pending transactions, positive
     * @param maxPerSender the most pending transactions of one sender, in [1, maxSize]
     * @throws IllegalArgumentException if a bound is out of range
     */
    public Mempool(Blockchain chain, int maxSize, int maxPerSender) {
        this(chain, maxSize, maxPerSender, (tx, reason) -> { });
    }

    /**
     * @param chain the chain whose head state decides admission
     * @param maxSize the most pending transactions, positive
     * @param maxPerSender the most pending transactions of one sender, in [1, maxSize]
     * @param onEvicted called with each transaction evicted to make room and the reason, after
     *     the admission that evicted it, outside the pool's lock
     * @throws IllegalArgumentException if a bound is out of range
     */
    public Mempool(Blockchain chain, int maxSize, int maxPerSender, BiConsumer<Transaction, String> onEvicted) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.onEvicted = Objects.requireNonNull(onEvicted, "onEvicted");
        if (maxSize <= 0) {
            throw new IllegalArgumentException("maxSize must be positive, was " + maxSize);
        }
        if (maxPerSender <= 0 || maxPerSender > maxSize) {
            throw new IllegalArgumentException("maxPerSender must be in [1, maxSize = " + maxSize + "], was "
                    + maxPerSender);
        }
        this.maxSize = maxSize;
        this.maxPerSender = maxPerSender;
    }

    /**
     * Decodes untrusted bytes and admits the transaction.
     *
     * @param encoded the transaction's encoding
     * @return admitted, or rejected with the reason (oversized, malformed, not permitted, bad
     *     signature, ...)
     * @throws StorageException if the chain's store fails
     */
    public Validation add(Bytes encoded) {
        if (encoded.size() > Transaction.MAX_ENCODED_BYTES) {
            return Validation.invalid("transaction too large: " + encoded.size() + " bytes, limit "
                    + Transaction.MAX_ENCODED_BYTES);
        }
        Transaction tx;
        try {
            tx = Transaction.decode(encoded);
        } catch (LedgerException e) {
            return Validation.invalid(e.getMessage());
        }
        return add(tx);
    }

    /**
     * Checks the signatures of transactions about to be {@link #add(Transaction) added}, on all
     * cores ({@link ParallelVerifier}), so that the adds that follow find them checked. Only
     * those that pass every cheap admission check now (chain id, permission, nonce in order
     * against the head and the pool, quota, room) are checked, so a batch of transactions the
     * pool would refuse costs no curve arithmetic. Changes nothing in the pool; safe to skip.
     *
     * @param txs transactions received together, in the order they will be added
     * @throws StorageException if the chain's store fails
     */
    public void preverify(List<Transaction> txs) {
        List<Transaction> worth = new ArrayList<>();
        List<Bytes> keys = new ArrayList<>();
        synchronized (this) {
            for (Transaction tx : txs) {
                if (admissible(tx).valid()) {
                    Optional<Bytes> key = chain.accountKey(tx.sender());
                    if (key.isPresent()) {
                        worth.add(tx);
                        keys.add(key.get());
                    }
                }
            }
        }
        if (worth.size() > 1) {
            ParallelVerifier.verify(worth, keys);
        }
    }

    /**
     * Admits a transaction.
     *
     * @param tx the transaction
     * @return admitted, or rejected with the reason
     * @throws StorageException if the chain's store fails
     */
    public Validation add(Transaction tx) {
        Validation cheap;
        synchronized (this) {
            cheap = admissible(tx);
        }
        if (!cheap.valid()) {
            return cheap;
        }
        Validation signed = chain.authenticate(tx);
        if (!signed.valid()) {
            return signed;
        }
        List<Transaction> evicted = new ArrayList<>();
        String reason = null;
        synchronized (this) {
            Validation again = admissible(tx);
            if (!again.valid()) {
                return again;
            }
            if (pending.size() >= maxSize) {
                Address victim = victim(tx.sender());
                Transaction out = bySender.get(victim).peekLast();
                remove(out);
                evicted.add(out);
                reason = "evicted: the mempool is full and " + victim + " had the most pending transactions";
            }
            pending.put(tx.hash(), tx);
            bySender.computeIfAbsent(tx.sender(), a -> new ArrayDeque<>()).addLast(tx);
        }
        for (Transaction t : evicted) {
            onEvicted.accept(t, reason);
        }
        return Validation.ok();
    }

    /**
     * Returns the transactions of blocks that left the canonical chain to the pool, after a
     * reorganisation (call it from a {@link org.tem.ledger.chain.ChainListener#onReorganization}).
     * The pool is rebuilt against the new head: first the dropped blocks' transactions, oldest
     * block first and in block order (those the new branch already holds, or that can no longer
     * execute, are refused again by the usual checks), then the previously pending transactions
     * in arrival order, each through every admission check, signature included. A previously
     * pending transaction that no longer fits (its nonce is now used or out of order, its sender
     * no longer permitted, the pool full) is reported to the eviction listener. Dropped blocks
     * are read from the chain one at a time, so memory stays bounded by the pool.
     *
     * @param dropped the blocks that left the canonical chain, oldest first
     * @throws StorageException if the chain's store fails
     */
    public void reorganised(List<BlockHeader> dropped) {
        reorganised(dropped, h -> Optional.empty());
    }

    /**
     * {@link #reorganised(List)}, with the dropped blocks' transactions (read back from the chain,
     * so fresh copies) first taking over the signature check of a copy the caller already checked
     * ({@link Transaction#adoptVerification}), so that a node does not check them again.
     *
     * @param dropped the blocks that left the canonical chain, oldest first
     * @param checkedCopy a transaction hash → a copy the caller holds (checked or not), or empty
     * @throws StorageException if the chain's store fails
     */
    public void reorganised(List<BlockHeader> dropped, Function<Hash, Optional<Transaction>> checkedCopy) {
        List<Transaction> evicted = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        synchronized (this) {
            List<Transaction> before = new ArrayList<>(pending.values());
            pending.clear();
            bySender.clear();
            for (BlockHeader h : dropped) {
                Optional<Block> b = chain.block(h.hash());
                if (b.isEmpty()) {
                    continue;
                }
                for (Transaction tx : b.get().transactions()) {
                    checkedCopy.apply(tx.hash()).ifPresent(tx::adoptVerification);
                    insert(tx, evicted, reasons);
                }
            }
            for (Transaction tx : before) {
                if (pending.containsKey(tx.hash())) {
                    continue;
                }
                Validation v = insert(tx, evicted, reasons);
                if (!v.valid()) {
                    evicted.add(tx);
                    reasons.add("dropped after a reorganisation: " + v.reason());
                }
            }
        }
        for (int i = 0; i < evicted.size(); i++) {
            onEvicted.accept(evicted.get(i), reasons.get(i));
        }
    }

    /** Every check, the signature included, then the insert (evicting if full); holds the lock. */
    private Validation insert(Transaction tx, List<Transaction> evicted, List<String> reasons) {
        Validation v = admissible(tx);
        if (!v.valid()) {
            return v;
        }
        Validation signed = chain.authenticate(tx);
        if (!signed.valid()) {
            return signed;
        }
        if (pending.size() >= maxSize) {
            Address victim = victim(tx.sender());
            Transaction out = bySender.get(victim).peekLast();
            remove(out);
            evicted.add(out);
            reasons.add("evicted: the mempool is full and " + victim + " had the most pending transactions");
        }
        pending.put(tx.hash(), tx);
        bySender.computeIfAbsent(tx.sender(), a -> new ArrayDeque<>()).addLast(tx);
        return Validation.ok();
    }

    /** Every check but the signature, against the head state and the pool; holds the lock. */
    private Validation admissible(Transaction tx) {
        if (pending.containsKey(tx.hash())) {
            return Validation.invalid("already pending: " + tx.hash());
        }
        Validation v = chain.precheck(tx);
        if (!v.valid()) {
            return v;
        }
        long headNonce = chain.nonce(tx.sender());
        dropIncluded(tx.sender(), headNonce);
        int count = count(tx.sender());
        long expected = headNonce > Long.MAX_VALUE - count ? Long.MAX_VALUE : headNonce + count;
        if (tx.nonce() < expected) {
            return Validation.invalid("nonce already pending: expected " + expected + ", was " + tx.nonce());
        }
        if (tx.nonce() > expected) {
            return Validation.invalid("nonce gap: expected " + expected + ", was " + tx.nonce());
        }
        if (count >= maxPerSender) {
            return Validation.invalid("too many pending transactions from " + tx.sender() + " (quota "
                    + maxPerSender + ")");
        }
        if (pending.size() >= maxSize && victim(tx.sender()) == null) {
            return Validation.invalid("mempool full (" + maxSize + " transactions)");
        }
        return Validation.ok();
    }

    /** The sender to evict from for a newcomer from {@code sender}, or null if none may be. */
    private Address victim(Address sender) {
        Address most = null;
        int mostCount = 0;
        for (Map.Entry<Address, ArrayDeque<Transaction>> e : bySender.entrySet()) {
            if (e.getValue().size() > mostCount) {
                most = e.getKey();
                mostCount = e.getValue().size();
            }
        }
        return mostCount > count(sender) + 1 ? most : null;
    }

    /**
     * Drops the sender's transactions whose nonce the head has used (a block included them and
     * {@link #prune()} has not run yet), so that its count and next nonce are exact.
     */
    private void dropIncluded(Address sender, long headNonce) {
        ArrayDeque<Transaction> q = bySender.get(sender);
        while (q != null && !q.isEmpty() && q.peekFirst().nonce() < headNonce) {
            remove(q.peekFirst());
            q = bySender.get(sender);
        }
    }

    private int count(Address sender) {
        ArrayDeque<Transaction> q = bySender.get(sender);
        return q == null ? 0 : q.size();
    }

    /**
     * @param max the most to return
     * @return up to {@code max} pending transactions in arrival (and per-sender nonce) order
     */
    public synchronized List<Transaction> pending(int max) {
        List<Transaction> out = new ArrayList<>(Math.max(0, Math.min(max, pending.size())));
        for (Transaction t : pending.values()) {
            if (out.size() >= max) {
                break;
            }
            out.add(t);
        }
        return out;
    }

    /**
     * Drops every transaction whose nonce the head state has used (included in a block, or
     * replaced). Call after each new head (for example from a
     * {@link org.tem.ledger.chain.ChainListener#onNewHead}).
     *
     * @throws StorageException if the chain's store fails
     */
    public synchronized void prune() {
        List<Transaction> used = new ArrayList<>();
        for (Transaction t : pending.values()) {
            if (t.nonce() < chain.nonce(t.sender())) {
                used.add(t);
            }
        }
        used.forEach(this::remove);
    }

    /**
     * Drops a transaction and every later-nonce transaction of its sender (they could no longer
     * execute).
     *
     * @param tx the transaction to drop
     * @return the dropped transactions, in arrival order
     */
    public synchronized List<Transaction> removeWithSuccessors(Transaction tx) {
        List<Transaction> removed = new ArrayList<>();
        Iterator<Transaction> it = pending.values().iterator();
        while (it.hasNext()) {
            Transaction t = it.next();
            if (t.sender().equals(tx.sender()) && t.nonce() >= tx.nonce()) {
                removed.add(t);
            }
        }
        removed.forEach(this::remove);
        return removed;
    }

    /**
     * @param hash a transaction hash
     * @return the pending transaction with that hash (the copy admitted here, its signature
     *     verified), or empty if none is pending
     */
    public synchronized Optional<Transaction> get(Hash hash) {
        return Optional.ofNullable(pending.get(hash));
    }

    /**
     * @param hash a transaction hash
     * @return whether it is pending
     */
    public synchronized boolean contains(Hash hash) {
        return pending.containsKey(hash);
    }

    /**
     * @return the number of pending transactions
     */
    public synchronized int size() {
        return pending.size();
    }

    /**
     * @param sender an address
     * @return how many of its transactions are pending
     */
    public synchronized int pendingFrom(Address sender) {
        return count(sender);
    }

    private void remove(Transaction t) {
        if (pending.remove(t.hash()) == null) {
            return;
        }
        ArrayDeque<Transaction> q = bySender.get(t.sender());
        q.remove(t);
        if (q.isEmpty()) {
            bySender.remove(t.sender());
        }
    }
}
