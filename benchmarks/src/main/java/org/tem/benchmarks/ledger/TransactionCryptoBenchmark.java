package org.tem.benchmarks.ledger;

import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.crypto.Secp256k1;
import org.tem.ledger.crypto.Signature;
import org.tem.ledger.tx.Transaction;

/**
 * Per-transaction cryptography. {@code signTransaction}: build + RLP-encode + Keccak + secp256k1
 * sign (RFC 6979 nonce) of a contract call. {@code decodeAndVerify}: {@link Transaction#decode}
 * of the encoded bytes, which checks the fields, then {@link Transaction#verifySignature} against
 * the sender's key (what a node does for every transaction it receives). The raw curve
 * operations are given for reference.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class TransactionCryptoBenchmark {
    private KeyPair key;
    private Bytes amount;
    private long nonce;
    private Bytes encoded;
    private Hash signingHash;
    private Signature signature;

    @Setup(Level.Trial)
    public void setUp() {
        key = LedgerFixtures.key(0);
        amount = Bytes.wrap(CreditContract.longBytes(42));
        Transaction tx = LedgerFixtures.credit(key, 7, 42);
        encoded = tx.encoded();
        signingHash = tx.signingHash();
        signature = tx.signature();
        if (!decodeAndVerify()) {
            throw new IllegalStateException("the signature does not verify");
        }
    }

    @Benchmark
    public Transaction signTransaction() {
        // A different nonce each call, so that nothing can be cached between calls.
        return Transaction.builder().chainId(LedgerFixtures.CHAIN_ID).nonce(nonce++ & 0xFFFF)
                .to(LedgerFixtures.CREDIT).method("credit").args(amount).sign(key);
    }

    @Benchmark
    public boolean decodeAndVerify() {
        return Transaction.decode(encoded).verifySignature(key.publicKey());
    }

    @Benchmark
    public Signature rawSign() {
        return key.sign(signingHash);
    }

    @Benchmark
    public Object rawRecover() {
        return Secp256k1.recover(signingHash, signature);
    }
}
