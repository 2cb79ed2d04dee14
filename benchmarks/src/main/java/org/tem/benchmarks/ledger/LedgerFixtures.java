package org.tem.benchmarks.ledger;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.block.Block;
import org.tem.ledger.chain.Blockchain;
import org.tem.ledger.chain.BuiltBlock;
import org.tem.ledger.chain.Genesis;
import org.tem.ledger.chain.ConsensusHook;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.storage.KeyValueStorage;
import org.tem.ledger.tx.Transaction;

/** Keys, a genesis with {@link CreditContract}, signed transactions and pre-built blocks. */
final class LedgerFixtures {
    static final long CHAIN_ID = 4242;
    static final long GENESIS_TIME = 1_700_000_000_000L;
    static final Address CREDIT = Address.fromHexString("0x00000000000000000000000000000000000c0de1");

    private LedgerFixtures() {
    }

    /** The most distinct senders a fixture uses; every one is permitted in the genesis. */
    static final int MAX_SENDERS = 1_000;
    /** The chain's operator (not one of the senders). */
    static final KeyPair OPERATOR = KeyPair.fromPrivateKey(BigInteger.valueOf(99_991));
    private static final List<KeyPair> SENDERS = new ArrayList<>();

    /** Deterministic distinct keys. */
    static synchronized KeyPair key(int i) {
        while (SENDERS.size() <= i) {
            SENDERS.add(KeyPair.fromPrivateKey(BigInteger.valueOf(100_003L + SENDERS.size())));
        }
        return SENDERS.get(i);
    }

    static List<KeyPair> keys(int n) {
        List<KeyPair> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(key(i));
        }
        return keys;
    }

    /**
     * @param prefilled how many existing balances (state entries) the contract starts with
     * @return a genesis with {@link CreditContract}, {@link #OPERATOR} and the first
     *     {@link #MAX_SENDERS} keys permitted
     */
    static Genesis genesis(int prefilled) {
        Genesis.Builder g = Genesis.builder().chainId(CHAIN_ID).timestamp(GENESIS_TIME)
                .operator(OPERATOR.publicKey()).contract(CREDIT, new CreditContract());
        for (int i = 0; i < MAX_SENDERS; i++) {
            g.account(key(i).publicKey());
        }
        for (int i = 0; i < prefilled; i++) {
            byte[] k = new byte[20];
            k[0] = (byte) 0xEE;
            k[16] = (byte) (i >>> 24);
            k[17] = (byte) (i >>> 16);
            k[18] = (byte) (i >>> 8);
            k[19] = (byte) i;
            g.state(CREDIT, k, CreditContract.longBytes(1_000 + i));
        }
        return g.build();
    }

    static Blockchain chain(KeyValueStorage storage, Genesis genesis) {
        return Blockchain.open(storage, genesis, ConsensusHook.acceptAll());
    }

    static Transaction credit(KeyPair from, long nonce, long amount) {
        return Transaction.builder().chainId(CHAIN_ID).nonce(nonce).to(CREDIT).method("credit")
                .args(Bytes.wrap(CreditContract.longBytes(amount))).sign(from);
    }

    /** One transaction per sender, nonce 0, {@code n} distinct senders. */
    static List<Transaction> creditsFromDistinctSenders(int n) {
        List<Transaction> txs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            txs.add(credit(key(i), 0, 1 + i));
        }
        return txs;
    }

    /**
     * Builds block 1 on a throw-away chain with the given genesis; the block (empty seal) imports
     * into any fresh chain with the same genesis, which must then execute it (no cached build).
     */
    static Block buildBlockOne(Genesis genesis, List<Transaction> txs) {
        Blockchain builder = chain(new InMemoryStorage(), genesis);
        BuiltBlock built = builder.buildBlock(txs, GENESIS_TIME + 1_000);
        if (!built.skipped().isEmpty() || built.block().transactions().size() != txs.size()) {
            throw new IllegalStateException("skipped: " + built.skipped());
        }
        built.receipts().forEach(r -> {
            if (!r.success()) {
                throw new IllegalStateException("failed receipt: " + r);
            }
        });
        return built.block();
    }
}
