package org.tem.ledger.mempool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.LedgerException;
import org.tem.ledger.Validation;
import org.tem.ledger.chain.Blockchain;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.tx.Transaction;

/**
 * Pending transactions for one chain, in arrival order.
 *
 * <p>A transaction is admitted only if it decodes with a valid signature, has the chain's id,
 * targets a registered contract and one of its methods, is not already pending, and carries
 * exactly its sender's next nonce (the head nonce plus the sender's pending count): replayed,
 * duplicate and gapped nonces are rejected, not queued. So each sender's pending transactions
 * form a contiguous nonce run and arrival order is nonce order. The pool is bounded in total and
 * per sender. Thread-safe.
 */
public final class Mempool {

    private final Blockchain chain;
    private final int maxSize;
    private final int maxPerSender;
    private final LinkedHashMap<Hash, Transaction> pending = new LinkedHashMap<>();
    // Looked up by key only, never iterated: iteration order cannot leak into results.
    private final Map<Address, Integer> perSender = new HashMap<>();

    /**
     * @param chain the chain whose head state decides admission
     * @param maxSize the most pending transactions, positive
     * @param maxPerSender the most pending transactions of one sender, positive
     * @throws IllegalArgumentException if a bound is not positive
     */
    public Mempool(Blockchain chain, int maxSize, int maxPerSender) {
        this.chain = Objects.requireNonNull(chain, "chain");
        if (maxSize <= 0) {
            throw new IllegalArgumentException("maxSize must be positive, was " + maxSize);
        }
        if (maxPerSender <= 0) {
            throw new IllegalArgumentException("maxPerSender must be positive, was " + maxPerSender);
        }
        this.maxSize = maxSize;
        this.maxPerSender = maxPerSender;
    }

    /**
     * Decodes untrusted bytes and admits the transaction.
     *
     * @param encoded the transaction's encoding
     * @return admitted, or rejected with the reason (malformed, bad signature, ...)
     */
    public Validation add(Bytes encoded) {
        Transaction tx;
        try {
            tx = Transaction.decode(encoded);
        } catch (LedgerException e) {
            return Validation.invalid(e.getMessage());
        }
        return add(tx);
    }

    /**
     * Admits a transaction.
     *
     * @param tx the transaction
     * @return admitted, or rejected with the reason
     */
    public synchronized Validation add(Transaction tx) {
        if (pending.containsKey(tx.hash())) {
            return Validation.invalid("already pending: " + tx.hash());
        }
        Validation v = chain.precheck(tx);
        if (!v.valid()) {
            return v;
        }
        int count = perSender.getOrDefault(tx.sender(), 0);
        long expected = chain.nonce(tx.sender()) + count;
        if (tx.nonce() < expected) {
            return Validation.invalid("nonce already pending: expected " + expected + ", was " + tx.nonce());
        }
        if (tx.nonce() > expected) {
            return Validation.invalid("nonce gap: expected " + expected + ", was " + tx.nonce());
        }
        if (pending.size() >= maxSize) {
            return Validation.invalid("mempool full (" + maxSize + " transactions)");
        }
        if (count >= maxPerSender) {
            return Validation.invalid("too many pending transactions from " + tx.sender());
        }
        pending.put(tx.hash(), tx);
        perSender.put(tx.sender(), count + 1);
        return Validation.ok();
    }

    /**
     * @param max the most to return
     * @return up to {@code max} pending transactions in arrival (and per-sender nonce) order
     */
    public synchronized List<Transaction> pending(int max) {
        List<Transaction> out = new ArrayList<>(Math.min(max, pending.size()));
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
     * replaced). Call after each import.
     */
    public synchronized void prune() {
        Iterator<Transaction> it = pending.values().iterator();
        while (it.hasNext()) {
            Transaction t = it.next();
            if (t.nonce() < chain.nonce(t.sender())) {
                it.remove();
                decrement(t.sender());
            }
        }
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
                it.remove();
                decrement(t.sender());
                removed.add(t);
            }
        }
        return removed;
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

    private void decrement(Address sender) {
        int c = perSender.get(sender) - 1;
        if (c == 0) {
            perSender.remove(sender);
        } else {
            perSender.put(sender, c);
        }
    }
}
