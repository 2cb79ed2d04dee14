package org.tem.examples.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.tuweni.bytes.Bytes;
import org.tem.api.contract.ContractException;
import org.tem.ledger.chain.QueryResult;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.dev.DevChain;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;
import org.tem.solver.contract.CoordinationChannel;

/**
 * A party's signed connection to a single-validator dev chain, for the coordination contract at
 * {@link LedgerAdmmSolver#CONTRACT}: signs each call with the party's key and the next nonce,
 * submits it, and keeps its receipt future until {@link #checkReceipts()} or {@link #takeReceipt()}.
 * As a {@link CoordinationChannel} its calls complete with their receipt when sealed (a
 * single-validator dev chain's blocks are final at once) and its queries read the head. Used by
 * {@link LedgerAdmmSolver} and by the storage benchmarks. Not thread-safe.
 */
public final class DevGateway implements CoordinationChannel {
    private final DevChain chain;
    private final KeyPair key;
    private long nonce;
    private final List<CompletableFuture<Receipt>> pending = new ArrayList<>();

    /**
     * @param chain the dev chain
     * @param key the party's key (its nonce is read from the chain's head)
     */
    public DevGateway(DevChain chain, KeyPair key) {
        this.chain = chain;
        this.key = key;
        this.nonce = chain.chain().nonce(key.address());
    }

    @Override
    public CompletableFuture<CoordinationChannel.Outcome> call(String method, byte[] args) {
        return call(LedgerAdmmSolver.CONTRACT, method, args).thenApply(r -> new CoordinationChannel.Outcome(
                r.success(), r.success() || r.reason() == null ? "" : r.reason()));
    }

    /**
     * Signs and submits a call to any contract (the permission list, for one).
     *
     * @param to the contract's address
     * @param method the method
     * @param args its encoded arguments
     * @return the receipt once the call is sealed, or the rejection
     */
    public CompletableFuture<Receipt> call(Address to, String method, byte[] args) {
        Transaction tx = Transaction.builder().chainId(LedgerAdmmSolver.CHAIN_ID).nonce(nonce++).to(to).method(method)
                .args(args).sign(key);
        CompletableFuture<Receipt> f = chain.submit(tx);
        pending.add(f);
        return f;
    }

    @Override
    public byte[] query(String method, byte[] args) {
        QueryResult r = chain.query(LedgerAdmmSolver.CONTRACT, method, Bytes.wrap(args));
        if (!r.ok()) {
            throw new ContractException(r.reason());
        }
        return r.output().toArray();
    }

    /**
     * @return the receipt of the one pending call, whether it succeeded or not
     * @throws IllegalStateException unless exactly one call is pending, or when it was rejected
     */
    public Receipt takeReceipt() {
        if (pending.size() != 1) {
            throw new IllegalStateException("expected one pending call, had " + pending.size());
        }
        try {
            return pending.remove(0).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("coordination call rejected: " + e.getCause().getMessage(), e);
        }
    }

    /**
     * Waits for every pending call's receipt and forgets them.
     *
     * @throws IllegalStateException when a call was rejected or failed
     */
    public void checkReceipts() {
        for (CompletableFuture<Receipt> f : pending) {
            try {
                Receipt r = f.get();
                if (!r.success()) {
                    throw new IllegalStateException("coordination call failed: " + r.reason());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("coordination call rejected: " + e.getCause().getMessage(), e);
            }
        }
        pending.clear();
    }
}
