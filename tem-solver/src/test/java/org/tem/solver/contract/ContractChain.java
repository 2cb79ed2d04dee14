package org.tem.solver.contract;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.tuweni.bytes.Bytes;
import org.tem.api.contract.ContractException;
import org.tem.ledger.chain.Blockchain;
import org.tem.ledger.chain.BuiltBlock;
import org.tem.ledger.chain.ConsensusHook;
import org.tem.ledger.chain.Genesis;
import org.tem.ledger.chain.ImportResult;
import org.tem.ledger.chain.QueryResult;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;

/**
 * The coordination contract on a real {@link Blockchain} (in-memory storage, every seal accepted,
 * the operator and the test's accounts permitted at genesis, one validator so the median time a block's transactions see is its parent's timestamp): signed
 * transactions, blocks built and imported by the ledger itself, a test-controlled clock (also the
 * importing node's clock, so no block is ever held as coming from the future). A failed
 * call is the runtime's failed receipt, so "a rejected call changes nothing" is checked against
 * the contract's state root as the ledger computes it.
 */
final class ContractChain {
    static final Address CONTRACT = Address.fromHexString("0x00000000000000000000000000000000000000c0");
    static final long CHAIN_ID = 4242;
    static final KeyPair OPERATOR = key("operator");

    final Blockchain chain;
    /** The timestamp of the next block, ms; raised by {@link #seal()} by {@link #blockMillis}. */
    long time;
    /** How far the clock moves per sealed block, ms. */
    long blockMillis = 1000;
    private final Map<Address, Long> nonces = new HashMap<>();
    private final List<Transaction> pending = new ArrayList<>();
    /** The future of each queued call, in {@link #pending}'s order (null for calls queued by {@link #queue}). */
    private final List<CompletableFuture<CoordinationChannel.Outcome>> futures = new ArrayList<>();

    /** A chain whose genesis permits {@code accounts} (besides the operator) to send transactions. */
    ContractChain(List<KeyPair> accounts) {
        this(1_000_000L, accounts);
    }

    ContractChain(long genesisMillis, List<KeyPair> accounts) {
        Genesis.Builder b = Genesis.builder().chainId(CHAIN_ID).timestamp(genesisMillis)
                .operator(OPERATOR.publicKey())
                .contract(CONTRACT, new CoordinationContract())
                .state(CONTRACT, CoordinationContract.OPERATOR_KEY, OPERATOR.address().toArray());
        accounts.forEach(k -> b.account(k.publicKey()));
        Genesis genesis = b.build();
        chain = Blockchain.open(new InMemoryStorage(), genesis, ConsensusHook.acceptAll(), () -> time);
        time = genesisMillis + blockMillis;
    }

    static KeyPair key(String name) {
        byte[] seed = Keccak.hash256(Bytes.wrap(("contract test key: " + name).getBytes(StandardCharsets.UTF_8)))
                .toArray();
        return KeyPair.fromPrivateKey(new BigInteger(1, seed));
    }

    /** Queues a signed call for the next block. */
    Transaction queue(KeyPair from, String method, byte[] args) {
        long nonce = nonces.computeIfAbsent(from.address(), chain::nonce);
        nonces.put(from.address(), nonce + 1);
        Transaction tx = Transaction.builder().chainId(CHAIN_ID).nonce(nonce).to(CONTRACT).method(method)
                .args(args).sign(from);
        pending.add(tx);
        futures.add(null);
        return tx;
    }

    /** Seals the queued calls into one block at {@link #time}, imports it, moves the clock on. */
    List<Receipt> seal() {
        BuiltBlock built = chain.buildBlock(List.copyOf(pending), time);
        pending.clear();
        List<CompletableFuture<CoordinationChannel.Outcome>> waiting = new ArrayList<>(futures);
        futures.clear();
        if (!built.skipped().isEmpty()) {
            throw new AssertionError("skipped: " + built.skipped().get(0).reason());
        }
        ImportResult r = chain.importBlock(built.block());
        if (!r.imported()) {
            throw new AssertionError("block not imported: " + r.reason());
        }
        time += blockMillis;
        // one validator, every block final at once: each call's receipt is final now
        for (int i = 0; i < waiting.size(); i++) {
            if (waiting.get(i) != null) {
                Receipt receipt = r.receipts().get(i);
                waiting.get(i).complete(new CoordinationChannel.Outcome(receipt.success(),
                        receipt.success() ? "" : receipt.reason()));
            }
        }
        return r.receipts();
    }

    /** One call in a block of its own; its receipt. */
    Receipt call(KeyPair from, String method, byte[] args) {
        queue(from, method, args);
        return seal().get(0);
    }

    /** One call that must succeed. */
    void ok(KeyPair from, String method, byte[] args) {
        Receipt r = call(from, method, args);
        if (!r.success()) {
            throw new AssertionError(method + " failed: " + r.reason());
        }
    }

    byte[] query(String method, byte[] args) {
        QueryResult r = chain.query(CONTRACT, method, Bytes.wrap(args));
        if (!r.ok()) {
            throw new ContractException(r.reason());
        }
        return r.output().toArray();
    }

    /** @return a digest of the coordination contract's state at the head (the root of its table alone) */
    Hash contractRoot() {
        return chain.state().tableRoot(CONTRACT);
    }

    /**
     * A party's raw channel: a call is signed and queued for the next {@link #seal()}, whose block
     * is final at once, so its future completes with the receipt then; queries read the head.
     */
    CoordinationChannel channel(KeyPair key) {
        return new CoordinationChannel() {
            @Override
            public CompletableFuture<CoordinationChannel.Outcome> call(String method, byte[] args) {
                CompletableFuture<CoordinationChannel.Outcome> f = new CompletableFuture<>();
                queue(key, method, args);
                futures.set(futures.size() - 1, f);
                return f;
            }

            @Override
            public byte[] query(String method, byte[] args) {
                return ContractChain.this.query(method, args);
            }
        };
    }

    /** A party's typed coordination over {@link #channel}. */
    Coordination coordination(KeyPair key) {
        return new ContractCoordination(channel(key));
    }
}
