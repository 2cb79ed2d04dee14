package org.tem.ledger.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.junit.jupiter.api.Test;
import org.tem.api.contract.Limits;
import org.tem.ledger.Fixtures;
import org.tem.ledger.LedgerException;
import org.tem.ledger.crypto.Secp256k1;
import org.tem.ledger.crypto.Signature;

class TransactionTest {

    private final Transaction tx = Fixtures.transfer(Fixtures.ALICE, 3, Fixtures.BOB, 250);

    private static Bytes encode(long chainId, long nonce, Bytes from, Bytes to, String method, Bytes args, long v,
            BigInteger r, BigInteger s) {
        return RLP.encodeList(w -> {
            w.writeLong(chainId);
            w.writeLong(nonce);
            w.writeValue(from);
            w.writeValue(to);
            w.writeString(method);
            w.writeValue(args);
            w.writeLong(v);
            w.writeBigInteger(r);
            w.writeBigInteger(s);
        });
    }

    private static String rejection(Bytes b) {
        return assertThrows(InvalidTransactionException.class, () -> Transaction.decode(b)).getMessage();
    }

    private Bytes reencode(BigInteger s, long v) {
        Signature sig = tx.signature();
        return encode(tx.chainId(), tx.nonce(), tx.sender().toBytes(), tx.to().toBytes(), tx.method(), tx.args(), v,
                sig.r(), s);
    }

    private Bytes withArgs(Bytes args) {
        Signature sig = tx.signature();
        return encode(tx.chainId(), tx.nonce(), tx.sender().toBytes(), tx.to().toBytes(), tx.method(), args,
                sig.recoveryId(), sig.r(), sig.s());
    }

    @Test
    void decodeOfEncodingGivesTheSameTransactionAndItVerifiesAgainstTheSendersKey() {
        Transaction back = Transaction.decode(tx.encoded());
        assertEquals(tx, back);
        assertEquals(Fixtures.ALICE.address(), back.sender());
        assertEquals(tx.hash(), back.hash());
        assertEquals(3, back.nonce());
        assertEquals("transfer", back.method());
        assertEquals(tx.args(), back.args());
        assertTrue(back.verifySignature(Fixtures.ALICE.publicKey()));
        assertEquals(Fixtures.ALICE.publicKey(), Secp256k1.recover(back.signingHash(), back.signature()).orElseThrow(),
                "the signer stays recoverable without the chain's state");
    }

    @Test
    void verifySignature_isFalseForAnotherKeyAnAlteredFieldOrAClaimedSenderThatDidNotSign() {
        Transaction back = Transaction.decode(tx.encoded());
        assertFalse(back.verifySignature(Fixtures.BOB.publicKey()), "another account's key");
        assertTrue(back.verifySignature(Fixtures.ALICE.publicKey()));
        assertFalse(back.verifySignature(Fixtures.BOB.publicKey()), "a cached success is for one key only");

        Transaction altered = Transaction.decode(withArgs(TransactionTest.BankArgs.of(999)));
        assertEquals(Fixtures.ALICE.address(), altered.sender(), "decoding checks no signature");
        assertFalse(altered.verifySignature(Fixtures.ALICE.publicKey()));

        // Bob signs a transaction that claims to come from Alice.
        Signature bobs = Fixtures.BOB.sign(tx.signingHash());
        Transaction forged = Transaction.decode(encode(tx.chainId(), tx.nonce(), tx.sender().toBytes(),
                tx.to().toBytes(), tx.method(), tx.args(), bobs.recoveryId(), bobs.r(), bobs.s()));
        assertFalse(forged.verifySignature(Fixtures.ALICE.publicKey()));
        assertFalse(forged.verifySignature(Fixtures.BOB.publicKey()), "Bob's key is not the claimed sender's");
    }

    /**
     * The process-wide memo of verified senders: a fresh decode of verified bytes is known, a
     * tampered copy (another argument, another recovery id, another signer) is checked afresh and
     * fails, a memoised success holds for its key only, and the memo is bounded.
     */
    @Test
    void verifySignature_theProcessWideMemoNeverPassesATamperedCopy() {
        Transaction first = Transaction.decode(tx.encoded());
        assertTrue(first.verifySignature(Fixtures.ALICE.publicKey()));
        assertEquals(Fixtures.ALICE.publicKey(), VerifiedSenders.get(tx.hash()));
        Transaction again = Transaction.decode(tx.encoded());
        assertTrue(again.verifySignature(Fixtures.ALICE.publicKey()));
        assertFalse(Transaction.decode(tx.encoded()).verifySignature(Fixtures.BOB.publicKey()));

        Transaction altered = Transaction.decode(withArgs(TransactionTest.BankArgs.of(998)));
        assertFalse(altered.verifySignature(Fixtures.ALICE.publicKey()));
        assertEquals(null, VerifiedSenders.get(altered.hash()), "a failure is not memoised");
        Signature sig = tx.signature();
        assertFalse(Transaction.decode(reencode(sig.s(), 1 - sig.recoveryId())).verifySignature(
                Fixtures.ALICE.publicKey()));
        Signature bobs = Fixtures.BOB.sign(tx.signingHash());
        assertFalse(Transaction.decode(encode(tx.chainId(), tx.nonce(), tx.sender().toBytes(), tx.to().toBytes(),
                tx.method(), tx.args(), bobs.recoveryId(), bobs.r(), bobs.s())).verifySignature(
                        Fixtures.ALICE.publicKey()));

        for (int i = 0; i < VerifiedSenders.CAPACITY + 10; i++) {
            VerifiedSenders.put(org.tem.ledger.crypto.Keccak.hash256(BigInteger.valueOf(i).toByteArray()),
                    Fixtures.BOB.publicKey());
        }
        assertEquals(VerifiedSenders.CAPACITY, VerifiedSenders.size());
    }

    @Test
    void verifySignature_rejectsTheOtherRecoveryIdSoThatATransactionHasOneEncoding() {
        Signature sig = tx.signature();
        Transaction flipped = Transaction.decode(reencode(sig.s(), 1 - sig.recoveryId()));
        assertFalse(flipped.hash().equals(tx.hash()));
        assertFalse(flipped.verifySignature(Fixtures.ALICE.publicKey()));
    }

    @Test
    void decode_rejectsMalformedRlp() {
        assertTrue(rejection(Bytes.fromHexString("0xf8")).startsWith("malformed RLP"));
        assertTrue(rejection(tx.encoded().slice(0, tx.encoded().size() - 1)).startsWith("malformed RLP"));
        assertTrue(rejection(Bytes.concatenate(tx.encoded(), Bytes.of(0))).startsWith("malformed RLP"));
        assertTrue(rejection(RLP.encodeList(w -> w.writeLong(1))).startsWith("malformed RLP"));
    }

    @Test
    void decode_rejectsExtraFields() {
        Bytes extra = RLP.encodeList(w -> {
            RLP.decodeList(tx.encoded(), r -> {
                while (!r.isComplete()) {
                    w.writeValue(r.readValue());
                }
                return null;
            });
            w.writeLong(1);
        });
        assertTrue(rejection(extra).contains("extra fields"));
    }

    @Test
    void decode_rejectsHighS() {
        BigInteger high = Secp256k1.N.subtract(tx.signature().s());
        assertEquals("bad signature: high s", rejection(reencode(high, 1 - tx.signature().recoveryId())));
    }

    @Test
    void decode_rejectsBadRecoveryIdAndOutOfRangeRS() {
        assertTrue(rejection(reencode(tx.signature().s(), 2)).startsWith("bad signature"));
        assertTrue(rejection(reencode(BigInteger.ZERO, 0)).startsWith("bad signature"));
        Bytes badR = encode(tx.chainId(), tx.nonce(), tx.sender().toBytes(), tx.to().toBytes(), tx.method(),
                tx.args(), 0, Secp256k1.N, tx.signature().s());
        assertTrue(rejection(badR).startsWith("bad signature"));
    }

    @Test
    void decode_rejectsBadFields() {
        Signature sig = tx.signature();
        Bytes from = tx.sender().toBytes();
        Bytes to = tx.to().toBytes();
        assertTrue(rejection(encode(0, 1, from, to, "m", Bytes.EMPTY, 0, sig.r(), sig.s())).startsWith("chain id"));
        String negative = rejection(encode(1, -1, from, to, "m", Bytes.EMPTY, 0, sig.r(), sig.s()));
        assertTrue(negative.startsWith("nonce out of range") || negative.startsWith("malformed RLP"), negative);
        assertTrue(rejection(encode(1, 1, Bytes.of(1, 2), to, "m", Bytes.EMPTY, 0, sig.r(), sig.s()))
                .startsWith("sender address"));
        assertTrue(rejection(encode(1, 1, from, Bytes.of(1, 2), "m", Bytes.EMPTY, 0, sig.r(), sig.s()))
                .startsWith("target address"));
        assertTrue(rejection(encode(1, 1, from, to, "bad name!", Bytes.EMPTY, 0, sig.r(), sig.s()))
                .startsWith("method name"));
        assertTrue(rejection(encode(1, 1, from, to, "", Bytes.EMPTY, 0, sig.r(), sig.s())).startsWith("method name"));
        Bytes bigArgs = Bytes.wrap(new byte[Limits.MAX_ARGS_BYTES + 1]);
        assertTrue(rejection(encode(1, 1, from, to, "m", bigArgs, 0, sig.r(), sig.s())).startsWith("arguments too large"));
        assertTrue(rejection(Bytes.wrap(new byte[Transaction.MAX_ENCODED_BYTES + 1]))
                .startsWith("transaction too large"));
    }

    @Test
    void decode_rejectsNonCanonicalInteger() {
        // The nonce 3 written as two bytes 0x0003 is not canonical RLP.
        Signature sig = tx.signature();
        Bytes enc = RLP.encodeList(w -> {
            w.writeLong(tx.chainId());
            w.writeValue(Bytes.of(0, 3));
            w.writeValue(tx.sender().toBytes());
            w.writeValue(tx.to().toBytes());
            w.writeString(tx.method());
            w.writeValue(tx.args());
            w.writeLong(sig.recoveryId());
            w.writeBigInteger(sig.r());
            w.writeBigInteger(sig.s());
        });
        assertTrue(rejection(enc).startsWith("malformed RLP"));
    }

    @Test
    void builder_rejectsBadArgumentsAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> Transaction.builder().chainId(0));
        assertThrows(IllegalArgumentException.class, () -> Transaction.builder().nonce(-1));
        assertThrows(IllegalArgumentException.class, () -> Transaction.builder().method("a b"));
        assertThrows(IllegalArgumentException.class,
                () -> Transaction.builder().args(new byte[Limits.MAX_ARGS_BYTES + 1]));
        assertThrows(IllegalStateException.class, () -> Transaction.builder().chainId(1).sign(Fixtures.ALICE));
    }

    @Test
    void receiptDecode_boundsItsInputAndItsEventCountAndRejectsAnUnknownStatus() {
        assertTrue(assertThrows(LedgerException.class,
                () -> Receipt.decode(Bytes.wrap(new byte[Receipt.MAX_ENCODED_BYTES + 1]))).getMessage()
                .startsWith("receipt too large"));
        Bytes tooManyEvents = RLP.encodeList(w -> {
            w.writeValue(tx.hash().toBytes());
            w.writeInt(1);
            w.writeString("");
            w.writeValue(Bytes.EMPTY);
            w.writeList(l -> {
                for (int i = 0; i <= Limits.MAX_EVENTS_PER_CALL; i++) {
                    l.writeList(ev -> {
                        ev.writeValue(Fixtures.BANK.toBytes());
                        ev.writeString("E");
                        ev.writeValue(Bytes.EMPTY);
                    });
                }
            });
        });
        assertTrue(assertThrows(LedgerException.class, () -> Receipt.decode(tooManyEvents)).getMessage()
                .contains("more than " + Limits.MAX_EVENTS_PER_CALL + " events"));
        Bytes status2 = RLP.encodeList(w -> {
            w.writeValue(tx.hash().toBytes());
            w.writeInt(2);
            w.writeString("");
            w.writeValue(Bytes.EMPTY);
            w.writeList(l -> { });
        });
        assertTrue(assertThrows(LedgerException.class, () -> Receipt.decode(status2)).getMessage().contains("status 2"));
    }

    @Test
    void receiptRoundTrips() {
        Receipt ok = new Receipt(tx.hash(), true, "", Bytes.of(1, 2),
                List.of(new Event(Fixtures.BANK, "Transfer", Bytes.of(9))));
        assertEquals(ok, Receipt.decode(ok.encode()));
        Receipt failed = Receipt.failed(tx.hash(), "insufficient balance");
        assertEquals(failed, Receipt.decode(failed.encode()));
        assertThrows(IllegalArgumentException.class, () -> new Receipt(tx.hash(), false, "", Bytes.EMPTY, List.of()));
    }

    /** Argument helper kept local to this test. */
    static final class BankArgs {
        static Bytes of(long amount) {
            return RLP.encodeList(w -> w.writeLong(amount));
        }
    }
}
