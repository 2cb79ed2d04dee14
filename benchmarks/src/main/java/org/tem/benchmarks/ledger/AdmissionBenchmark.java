package org.tem.benchmarks.ledger;

import java.math.BigInteger;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tem.ledger.Validation;
import org.tem.ledger.chain.Blockchain;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.crypto.Secp256k1;
import org.tem.ledger.crypto.Signature;
import org.tem.ledger.mempool.Mempool;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.tx.Transaction;

/**
 * What admitting one untrusted transaction costs against the chain head (in-memory storage, a
 * genesis permitting 1,001 accounts), per transaction:
 * <ul>
 *   <li>{@code cheapChecks}: {@link Transaction#decode} (structure only) + {@link Blockchain#precheck}
 *       (chain id, permission, nonce, contract, method): what a junk transaction costs.
 *   <li>{@code refuseStranger}: {@link Mempool#add(Bytes)} of a well-formed transaction from an
 *       account that is not permitted: refused before any signature work.
 *   <li>{@code verifyKnownKey}: {@link Secp256k1#verifyRecoverable} against the sender's listed
 *       key, the check the chain now makes; {@code recoverAndCompare}: {@link Secp256k1#recover}
 *       plus the address comparison, the check it made before.
 *   <li>{@code decodePublicKey}: Bouncy Castle's decoding and validation of a 64-byte key, the
 *       part of {@code verifyKnownKey} that a cache of decoded keys would save.
 *   <li>{@code decodeAndAuthenticate}: decode + {@link Blockchain#authenticate} of a fresh copy
 *       (no cached verification).
 *   <li>{@code mempoolAdd}: {@link Mempool#add(Bytes)} into an empty pool: every check, the
 *       signature and the insert.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AdmissionBenchmark {
    private static final ECCurve CURVE = CustomNamedCurves.getByName("secp256k1").getCurve();

    private InMemoryStorage storage;
    private Blockchain chain;
    private Bytes encoded;
    private Bytes stranger;
    private Hash signingHash;
    private Signature signature;
    private Bytes publicKey;
    private Address sender;

    @Setup(Level.Trial)
    public void setUp() {
        storage = new InMemoryStorage();
        chain = LedgerFixtures.chain(storage, LedgerFixtures.genesis(0));
        KeyPair key = LedgerFixtures.key(0);
        Transaction tx = LedgerFixtures.credit(key, 0, 42);
        encoded = tx.encoded();
        signingHash = tx.signingHash();
        signature = tx.signature();
        publicKey = key.publicKey();
        sender = key.address();
        stranger = LedgerFixtures.credit(KeyPair.fromPrivateKey(BigInteger.valueOf(7)), 0, 42).encoded();
        if (!mempoolAdd().valid() || !cheapChecks().valid() || !decodeAndAuthenticate().valid()
                || refuseStranger().valid() || !verifyKnownKey() || !recoverAndCompare()) {
            throw new IllegalStateException("the fixture does not behave as described");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        storage.close();
    }

    @Benchmark
    public Validation cheapChecks() {
        return chain.precheck(Transaction.decode(encoded));
    }

    @Benchmark
    public Validation refuseStranger() {
        return new Mempool(chain, 16, 16).add(stranger);
    }

    @Benchmark
    public boolean verifyKnownKey() {
        return Secp256k1.verifyRecoverable(signingHash, signature, publicKey);
    }

    @Benchmark
    public boolean recoverAndCompare() {
        return Secp256k1.recover(signingHash, signature).map(k -> Address.fromPublicKey(k).equals(sender))
                .orElse(false);
    }

    @Benchmark
    public ECPoint decodePublicKey() {
        byte[] enc = new byte[65];
        enc[0] = 4;
        System.arraycopy(publicKey.toArrayUnsafe(), 0, enc, 1, 64);
        return CURVE.decodePoint(enc);
    }

    @Benchmark
    public Validation decodeAndAuthenticate() {
        return chain.authenticate(Transaction.decode(encoded));
    }

    @Benchmark
    public Validation mempoolAdd() {
        return new Mempool(chain, 16, 16).add(encoded);
    }
}
