package org.tem.consensus.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.scheduler.Cancellable;
import org.tem.consensus.scheduler.Scheduler;
import org.tem.ledger.Validation;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.chain.ChainListener;
import org.tem.ledger.chain.ChainReader;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;
import org.tem.ledger.tx.TransactionRejectedException;

/**
 * A party's signed connection to its node: it signs each call with the party's key, numbers the
 * calls with the account's nonces, sees each one to a final receipt and survives what can happen
 * on the way. Generic: any contract, any party (a meter, an operator).
 *
 * <h2>What it does</h2>
 * <ul>
 *   <li><b>Nonces.</b> At {@link #open} the next nonce is the account's nonce at the node's head
 *       (so an account reopened after a restart carries on where its final or included calls
 *       left off); each {@link #send} takes the next one.</li>
 *   <li><b>Resending.</b> A call the node refused for the moment (a full mempool, the per-sender
 *       quota, a nonce gap after a reorganisation, an eviction) is submitted again, the same bytes
 *       with the same nonce, {@code resendAfterMillis} later, and again after each further
 *       refusal, until the chain includes it.</li>
 *   <li><b>Reorganisations.</b> A call whose block leaves the chain is checked again at the next
 *       tick: if no longer in the chain, and not still waiting at the node, it is resubmitted.</li>
 *   <li><b>Final receipts.</b> A call's future completes with its receipt once the block holding
 *       it is final (a receipt may report a failed call: that is final too).</li>
 *   <li><b>Failure.</b> A call fails (its future completes exceptionally with a {@link
 *       TransactionRejectedException}) only if it can never be included: its nonce was used by
 *       another transaction of the same key (sent elsewhere), or the chain refuses it for good
 *       (the sender is no longer permitted, the contract or method does not exist). Every later
 *       call of this account then fails too (their nonces follow the failed one), and the next
 *       nonce is taken again from the chain.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * Non-blocking. {@link #send} may be called from any thread and returns at once; everything
 * else runs on the node's loop (the {@link Scheduler} given to {@link #open}), where the futures
 * complete. Inside a simulation react through the futures' callbacks; never wait on them on the
 * loop.
 */
public final class Account implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Account.class.getName());

    private final LedgerNode node;
    private final Scheduler loop;
    private final KeyPair key;
    private final long chainId;
    private final long resendAfterMillis;
    private final ChainListener listener;

    // ---- loop-confined ----
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private long nextNonce;
    private boolean nonceKnown;
    private Cancellable tick;
    private boolean closed;
    private volatile long resent;

    /** A call on its way to a final receipt. */
    private static final class Pending {
        final Transaction tx;
        final CompletableFuture<Receipt> future;
        /** Whether the node holds a submission of it (its future is not complete yet). */
        boolean atNode;
        /** The earliest time to submit it again if it is neither at the node nor in the chain. */
        long resendAt;

        Pending(Transaction tx, CompletableFuture<Receipt> future) {
            this.tx = tx;
            this.future = future;
        }
    }

    private Account(LedgerNode node, Scheduler loop, KeyPair key, long chainId, long resendAfterMillis) {
        this.node = node;
        this.loop = loop;
        this.key = key;
        this.chainId = chainId;
        this.resendAfterMillis = resendAfterMillis;
        this.listener = new ChainListener() {
            @Override
            public void onFinalized(BlockHeader finalized) {
                completeFinal();
            }

            @Override
            public void onReorganization(List<BlockHeader> dropped, List<BlockHeader> added) {
                for (Pending p : pending.values()) {
                    p.resendAt = Math.min(p.resendAt, loop.now());
                }
            }
        };
    }

    /**
     * Opens an account on a node. The next nonce is read on the node's loop before the first
     * call is signed.
     *
     * @param node the node the account sends through
     * @param loop the node's event loop
     * @param key the party's key (its address must be a permitted account for calls to succeed)
     * @param chainId the chain's id
     * @param resendAfterMillis how long after a refusal (or a reorganisation) a call is submitted
     *     again, milliseconds, at least 1
     * @return the account
     * @throws IllegalArgumentException if {@code resendAfterMillis} is below 1
     */
    public static Account open(LedgerNode node, Scheduler loop, KeyPair key, long chainId, long resendAfterMillis) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(key, "key");
        if (resendAfterMillis < 1) {
            throw new IllegalArgumentException("resendAfterMillis must be at least 1, was " + resendAfterMillis);
        }
        Account a = new Account(node, loop, key, chainId, resendAfterMillis);
        node.addListener(a.listener);
        return a;
    }

    /**
     * Opens an account on a {@link TemNode}, resending after 2 seconds.
     *
     * @param node the node
     * @param key the party's key
     * @return the account
     */
    public static Account open(TemNode node, KeyPair key) {
        return open(node.ledger(), node.scheduler(), key, node.spec().chainId(), 2_000);
    }

    /**
     * @return the account's address
     */
    public Address address() {
        return key.address();
    }

    /**
     * Signs and sends a call with the account's next nonce.
     *
     * @param to the contract
     * @param method the method
     * @param args the arguments
     * @return a future completed on the node's loop with the call's receipt once final, or
     *     exceptionally with a {@link TransactionRejectedException} if it can never be included
     *     (see the class comment), or if the account is closed first
     */
    public CompletableFuture<Receipt> send(Address to, String method, Bytes args) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(args, "args");
        CompletableFuture<Receipt> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                sendNow(to, method, args, f);
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private void sendNow(Address to, String method, Bytes args, CompletableFuture<Receipt> f) {
        if (closed) {
            f.completeExceptionally(new TransactionRejectedException("the account is closed"));
            return;
        }
        if (!nonceKnown) {
            nextNonce = node.reader().nonce(key.address());
            nonceKnown = true;
        }
        Transaction tx = Transaction.builder().chainId(chainId).nonce(nextNonce).to(to).method(method).args(args)
                .sign(key);
        nextNonce++;
        Pending p = new Pending(tx, f);
        pending.put(tx.nonce(), p);
        submit(p);
        if (tick == null) {
            tick = loop.schedule(resendAfterMillis, this::tick);
        }
    }

    private void submit(Pending p) {
        p.atNode = true;
        node.submit(p.tx).whenComplete((r, e) -> loop.execute(() -> answered(p, r, e)));
    }

    private void answered(Pending p, Receipt r, Throwable e) {
        if (pending.get(p.tx.nonce()) != p) {
            return;
        }
        if (e == null) {
            pending.remove(p.tx.nonce());
            p.future.complete(r);
            return;
        }
        String reason = e.getMessage();
        if (reason != null && reason.startsWith("already submitted")) {
            // An earlier submission of the same bytes is still waiting at the node.
            return;
        }
        p.atNode = false;
        p.resendAt = loop.now() + resendAfterMillis;
    }

    /** Every resend interval while calls are pending: completes, fails or resubmits each. */
    private void tick() {
        tick = null;
        if (closed) {
            return;
        }
        try {
            completeFinal();
            ChainReader reader = node.reader();
            long now = loop.now();
            for (Pending p : new ArrayList<>(pending.values())) {
                if (pending.get(p.tx.nonce()) != p || reader.blockOf(p.tx.hash()).isPresent()) {
                    continue; // gone, or included at the head: completes when final
                }
                // Checked even while the node holds it: a node keeps waiting for a transaction
                // whose nonce another transaction used, which can never be included.
                Validation v = reader.precheck(p.tx);
                if (!v.valid()) {
                    fail(p, v.reason());
                    continue;
                }
                if (!p.atNode && now >= p.resendAt) {
                    resent++;
                    submit(p);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "account " + key.address() + ": tick failed", e);
        }
        if (!pending.isEmpty()) {
            tick = loop.schedule(resendAfterMillis, this::tick);
        }
    }

    /** Completes the calls whose blocks are final (whichever submission got them there). */
    private void completeFinal() {
        if (pending.isEmpty()) {
            return;
        }
        ChainReader reader = node.reader();
        long fin = reader.finalized().number();
        for (Pending p : new ArrayList<>(pending.values())) {
            Optional<BlockHeader> b = reader.blockOf(p.tx.hash());
            if (b.isPresent() && b.get().number() <= fin && reader.isCanonical(b.get().hash())) {
                Optional<Receipt> r = reader.receipt(p.tx.hash());
                if (r.isPresent()) {
                    pending.remove(p.tx.nonce());
                    p.future.complete(r.get());
                }
            }
        }
    }

    /** Fails a call and every later one, and takes the next nonce from the chain again. */
    private void fail(Pending p, String reason) {
        String why = reason.startsWith("nonce too low")
                ? "nonce " + p.tx.nonce() + " was used by another transaction of " + key.address()
                : reason;
        for (Map.Entry<Long, Pending> e : new ArrayList<>(pending.tailMap(p.tx.nonce(), true).entrySet())) {
            pending.remove(e.getKey());
            e.getValue().future.completeExceptionally(new TransactionRejectedException(e.getValue() == p ? why
                    : "an earlier transaction of this account failed: " + why));
        }
        nonceKnown = false;
    }

    /**
     * @return how many submissions were made again after a refusal or a reorganisation (a
     *     counter, read from any thread for tests and logs; approximate off the loop)
     */
    public long resent() {
        return resent;
    }

    /**
     * @return the number of calls not yet final (approximate off the loop)
     */
    public int pendingCount() {
        return pending.size();
    }

    /**
     * Stops following the calls: the account leaves the node's listeners and its pending futures
     * fail with a {@link TransactionRejectedException}; calls the node already holds may still
     * be included. Idempotent; any thread.
     */
    @Override
    public void close() {
        node.removeListener(listener);
        loop.execute(() -> {
            closed = true;
            if (tick != null) {
                tick.cancel();
                tick = null;
            }
            for (Pending p : pending.values()) {
                p.future.completeExceptionally(new TransactionRejectedException("the account is closed"));
            }
            pending.clear();
        });
    }
}
