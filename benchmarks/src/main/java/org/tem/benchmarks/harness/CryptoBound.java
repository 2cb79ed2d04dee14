package org.tem.benchmarks.harness;

import java.util.List;
import org.tem.ledger.crypto.Secp256k1;
import org.tem.ledger.crypto.SignatureMemo;
import org.tem.ledger.tx.Transaction;

/**
 * The signature-check rate of this machine, measured on one thread over the benchmark's own signed
 * submissions: {@link Transaction#verifySignature} on a freshly decoded copy (what a node does with
 * a transaction it receives: its signature verified against the key the chain lists for the
 * sender) and {@link Secp256k1#recover} (recovering the sender's key from the signature, the
 * costlier check the issue names). Each is timed over {@code seconds} after a warm-up, with the
 * process-wide signature memos off ({@link SignatureMemo}) so that every check is curve arithmetic.
 *
 * @param verifiesPerSecond verifications per second on one core
 * @param recoveriesPerSecond recoveries per second on one core
 */
record CryptoBound(double verifiesPerSecond, double recoveriesPerSecond) {

    /**
     * @param sample signed transactions (at least one)
     * @param seconds how long to time each check
     * @param publicKeyOf the public key of a transaction's sender
     * @return the measured rates
     */
    static CryptoBound measure(List<Transaction> sample, double seconds,
            java.util.function.Function<Transaction, org.apache.tuweni.bytes.Bytes> publicKeyOf) {
        List<Transaction> txs = List.copyOf(sample);
        long budget = (long) (seconds * 1e9);
        // the process-wide memos off: every check below is curve arithmetic, not a lookup
        boolean shared = SignatureMemo.isShared();
        SignatureMemo.setShared(false);
        try {
            // warm-up: a quarter of the budget each
            loopVerify(txs, publicKeyOf, budget / 4);
            loopRecover(txs, budget / 4);
            long[] v = loopVerify(txs, publicKeyOf, budget);
            long[] r = loopRecover(txs, budget);
            return new CryptoBound(v[0] * 1e9 / v[1], r[0] * 1e9 / r[1]);
        } finally {
            SignatureMemo.setShared(shared);
        }
    }

    private static long[] loopVerify(List<Transaction> txs, java.util.function.Function<Transaction,
            org.apache.tuweni.bytes.Bytes> publicKeyOf, long budgetNanos) {
        long start = System.nanoTime();
        long n = 0;
        while (System.nanoTime() - start < budgetNanos) {
            Transaction original = txs.get((int) (n % txs.size()));
            // a decoded copy: the check result is cached per instance, as a node's would be per received copy
            Transaction copy = Transaction.decode(original.encoded());
            if (!copy.verifySignature(publicKeyOf.apply(original))) {
                throw new IllegalStateException("a benchmark signature did not verify");
            }
            n++;
        }
        return new long[] {n, System.nanoTime() - start};
    }

    private static long[] loopRecover(List<Transaction> txs, long budgetNanos) {
        long start = System.nanoTime();
        long n = 0;
        while (System.nanoTime() - start < budgetNanos) {
            Transaction t = txs.get((int) (n % txs.size()));
            if (Secp256k1.recover(t.signingHash(), t.signature()).isEmpty()) {
                throw new IllegalStateException("a benchmark signature did not recover");
            }
            n++;
        }
        return new long[] {n, System.nanoTime() - start};
    }
}
