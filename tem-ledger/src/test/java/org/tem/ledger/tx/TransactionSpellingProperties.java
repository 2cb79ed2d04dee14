package org.tem.ledger.tx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPException;
import org.tem.ledger.ByteMutations;
import org.tem.ledger.Fixtures;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.crypto.Secp256k1;
import org.tem.ledger.crypto.Signature;

/**
 * {@link Transaction#decode(Bytes)} keeps the bytes it accepts as the transaction's encoding, so
 * it must accept exactly the canonical encodings. These properties write real transactions with
 * every item spelled in one of the ways RLP allows (long-form lengths that the short form would
 * fit, lengths with leading zeros, a byte below 0x80 written as a string, integers with leading
 * zeros, a long-form list prefix) and mutate their bytes, and check the decoder against the one
 * it replaced, which read the fields with Tuweni and accepted the bytes only if writing the
 * fields again gave them back: both accept the same inputs, and an accepted input is byte for
 * byte the fields' encoding, with the hash of those bytes.
 */
class TransactionSpellingProperties {

    /** How an item is written: the canonical way or one of the other ways RLP readers accept. */
    enum Spelling {
        CANONICAL, LONG_FORM_LENGTH, LENGTH_WITH_LEADING_ZERO, SINGLE_BYTE_AS_STRING, INTEGER_WITH_LEADING_ZERO
    }

    private static final List<Transaction> SHAPES = shapes();

    private static List<Transaction> shapes() {
        List<Transaction> l = new ArrayList<>();
        long[] nonces = {0, 5, 127, 128, 255, 256, 1L << 40};
        int[] argSizes = {0, 1, 55, 56, 300};
        for (int i = 0; i < nonces.length; i++) {
            byte[] args = new byte[argSizes[i % argSizes.length]];
            for (int j = 0; j < args.length; j++) {
                args[j] = (byte) (j * 37 + i);
            }
            l.add(Transaction.builder().chainId(i == 0 ? 1 : Fixtures.CHAIN_ID).nonce(nonces[i]).to(Fixtures.BANK)
                    .method(i == 1 ? "m" : "transfer").args(args).sign(Fixtures.ALICE));
        }
        // a one-byte argument below 0x80, whose canonical form is the byte alone
        l.add(Transaction.builder().chainId(Fixtures.CHAIN_ID).nonce(1).to(Fixtures.BANK).method("transfer")
                .args(new byte[] {5}).sign(Fixtures.BOB));
        return l;
    }

    record Spelled(Bytes bytes, boolean allCanonical, String label) {
    }

    @Property(tries = 400)
    void theDecoderAcceptsExactlyWhatTheOldReEncodingDecoderAcceptedAndKeepsOnlyCanonicalBytes(
            @ForAll("inputs") Spelled input) {
        Bytes in = input.bytes();
        String reference = referenceDecode(in);
        Transaction tx;
        try {
            tx = Transaction.decode(in);
        } catch (InvalidTransactionException e) {
            Statistics.collect("refused", input.label());
            assertTrue(reference != null, "the old decoder accepted what the new one refuses (" + e.getMessage()
                    + "): " + in);
            return;
        }
        Statistics.collect("accepted", input.label());
        assertEquals(null, reference, "the old decoder refused what the new one accepts");
        Bytes fieldsEncoding = Transaction.encode(tx.chainId(), tx.nonce(), tx.sender(), tx.to(), tx.method(),
                tx.args(), tx.signature());
        assertArrayEquals(in.toArray(), tx.encoded().toArray(), "the encoding is the input");
        assertArrayEquals(fieldsEncoding.toArray(), tx.encoded().toArray(), "the input is the fields' encoding");
        assertEquals(Keccak.hash256(fieldsEncoding), tx.hash(), "the hash is a function of the fields");
        assertEquals(tx.hash(), Transaction.decode(TransactionBytes.of(in)).hash());
        assertEquals(unsignedHash(tx), tx.signingHash(), "the signing hash, taken from the encoding's items");
    }

    /** The signing hash as the builder signs it: Tuweni's encoding of the six unsigned fields, hashed. */
    static org.tem.ledger.crypto.Hash unsignedHash(Transaction tx) {
        return Keccak.hash256(RLP.encodeList(w -> {
            w.writeLong(tx.chainId());
            w.writeLong(tx.nonce());
            w.writeValue(tx.sender().toBytes());
            w.writeValue(tx.to().toBytes());
            w.writeString(tx.method());
            w.writeValue(tx.args());
        }));
    }

    /** For every shape, built and decoded: the unsigned list in its short and its long form. */
    @Example
    void theSigningHashIsTheHashOfTheUnsignedFieldsEncoding() {
        for (Transaction tx : SHAPES) {
            assertEquals(unsignedHash(tx), tx.signingHash());
            Transaction back = Transaction.decode(tx.encoded());
            assertEquals(unsignedHash(tx), back.signingHash());
            assertTrue(back.verifySignature(tx.sender().equals(Fixtures.ALICE.address())
                    ? Fixtures.ALICE.publicKey() : Fixtures.BOB.publicKey()));
        }
    }

    /** An input whose items are all canonical is always accepted: the oracle is not vacuous. */
    @Property(tries = 60)
    void everyCanonicalSpellingOfAValidTransactionIsAccepted(@ForAll("canonical") Spelled input) {
        assertTrue(input.allCanonical());
        Transaction tx = Transaction.decode(input.bytes());
        assertEquals(input.bytes(), tx.encoded());
        assertEquals(null, referenceDecode(input.bytes()));
    }

    @Provide
    Arbitrary<Spelled> canonical() {
        return Arbitraries.of(SHAPES).map(tx -> spell(tx, new Spelling[10]));
    }

    @Provide
    Arbitrary<Spelled> inputs() {
        Arbitrary<Spelling> one = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, Arbitraries.just(Spelling.CANONICAL)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Spelling.class)));
        Arbitrary<Spelled> spelled = Combinators.combine(Arbitraries.of(SHAPES),
                one.array(Spelling[].class).ofSize(10)).as(TransactionSpellingProperties::spell);
        Arbitrary<Spelled> mutated = Arbitraries.of(SHAPES).flatMap(tx -> Arbitraries.oneOf(
                ByteMutations.flips(tx.encoded()), ByteMutations.truncations(tx.encoded()),
                ByteMutations.extensions(tx.encoded(), 3)).map(b -> new Spelled(b, false, "mutated bytes")));
        return Arbitraries.oneOf(spelled, spelled, mutated);
    }

    /**
     * Writes {@code tx} with item {@code i} of {@code [chainId, nonce, from, to, method, args,
     * recoveryId, r, s]} spelled {@code how[i]} and the list prefix spelled {@code how[9]} (null:
     * canonical).
     */
    static Spelled spell(Transaction tx, Spelling[] how) {
        Signature sig = tx.signature();
        byte[][] values = {
            minimal(BigInteger.valueOf(tx.chainId())), minimal(BigInteger.valueOf(tx.nonce())),
            tx.sender().toBytes().toArray(), tx.to().toBytes().toArray(),
            tx.method().getBytes(StandardCharsets.US_ASCII), tx.args().toArray(),
            minimal(BigInteger.valueOf(sig.recoveryId())), minimal(sig.r()), minimal(sig.s())};
        boolean[] integer = {true, true, false, false, false, false, true, true, true};
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        boolean canonical = true;
        List<String> odd = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            Spelling s = how[i] == null ? Spelling.CANONICAL : how[i];
            byte[] v = values[i];
            if (s == Spelling.INTEGER_WITH_LEADING_ZERO && integer[i]) {
                v = prepend0(v);
            }
            byte[] item = item(0x80, v, s);
            if (!java.util.Arrays.equals(item, item(0x80, values[i], Spelling.CANONICAL))) {
                canonical = false;
                odd.add(s.name());
            }
            payload.writeBytes(item);
        }
        Spelling listHow = how[9] == null ? Spelling.CANONICAL : how[9];
        if (listHow == Spelling.INTEGER_WITH_LEADING_ZERO || listHow == Spelling.SINGLE_BYTE_AS_STRING) {
            listHow = Spelling.CANONICAL;
        }
        byte[] body = payload.toByteArray();
        byte[] list = item(0xC0, body, listHow);
        if (!java.util.Arrays.equals(list, item(0xC0, body, Spelling.CANONICAL))) {
            canonical = false;
            odd.add("list " + listHow.name());
        }
        return new Spelled(Bytes.wrap(list), canonical, odd.isEmpty() ? "canonical" : String.join("+", odd));
    }

    /** An RLP item: {@code base} 0x80 for a string, 0xC0 for a list, spelled {@code how}. */
    private static byte[] item(int base, byte[] payload, Spelling how) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = payload.length;
        boolean single = base == 0x80 && n == 1 && (payload[0] & 0xFF) < 0x80;
        if (single && how != Spelling.SINGLE_BYTE_AS_STRING && how != Spelling.LONG_FORM_LENGTH
                && how != Spelling.LENGTH_WITH_LEADING_ZERO) {
            return payload.clone();
        }
        byte[] len = minimal(BigInteger.valueOf(n));
        if (how == Spelling.LENGTH_WITH_LEADING_ZERO) {
            len = prepend0(len);
            out.write(base + 55 + len.length);
            out.writeBytes(len);
        } else if (n < 56 && how != Spelling.LONG_FORM_LENGTH) {
            out.write(base + n);
        } else {
            if (len.length == 0) {
                len = new byte[] {0};
            }
            out.write(base + 55 + len.length);
            out.writeBytes(len);
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] minimal(BigInteger v) {
        byte[] b = v.toByteArray();
        int skip = 0;
        while (skip < b.length && b[skip] == 0) {
            skip++;
        }
        return java.util.Arrays.copyOfRange(b, skip, b.length);
    }

    private static byte[] prepend0(byte[] v) {
        byte[] out = new byte[v.length + 1];
        System.arraycopy(v, 0, out, 1, v.length);
        return out;
    }

    /**
     * The decoder this change replaced, as it was: Tuweni's strict RLP reader for the fields, the
     * same range checks, and the bytes accepted only if the fields' encoding equals them.
     *
     * @return null if it accepts {@code encoded}, else the reason it refuses
     */
    static String referenceDecode(Bytes encoded) {
        if (encoded.size() > Transaction.MAX_ENCODED_BYTES) {
            return "too large";
        }
        Object[] f = new Object[9];
        try {
            RLP.decodeList(encoded, r -> {
                f[0] = r.readLong();
                f[1] = r.readLong();
                f[2] = r.readValue();
                f[3] = r.readValue();
                f[4] = r.readValue();
                f[5] = r.readValue();
                f[6] = r.readLong();
                f[7] = r.readBigInteger();
                f[8] = r.readBigInteger();
                if (!r.isComplete()) {
                    throw new RLPException("extra fields");
                }
                return null;
            });
        } catch (RLPException | IllegalArgumentException e) {
            return "malformed RLP";
        }
        long chainId = (Long) f[0];
        long nonce = (Long) f[1];
        Bytes from = (Bytes) f[2];
        Bytes to = (Bytes) f[3];
        String method = new String(((Bytes) f[4]).toArrayUnsafe(), StandardCharsets.ISO_8859_1);
        Bytes args = (Bytes) f[5];
        long recId = (Long) f[6];
        BigInteger r = (BigInteger) f[7];
        BigInteger s = (BigInteger) f[8];
        if (chainId <= 0 || nonce < 0 || from.size() != Address.SIZE || to.size() != Address.SIZE
                || !method.matches("[A-Za-z0-9_]{1,64}") || args.size() > org.tem.api.contract.Limits.MAX_ARGS_BYTES) {
            return "field out of range";
        }
        if (recId != 0 && recId != 1) {
            return "recovery id";
        }
        if (r.signum() <= 0 || r.compareTo(Secp256k1.N) >= 0 || s.signum() <= 0 || s.compareTo(Secp256k1.N) >= 0
                || s.compareTo(Secp256k1.HALF_N) > 0) {
            return "r or s";
        }
        Bytes again = Transaction.encode(chainId, nonce, Address.of(from), Address.of(to), method, args,
                new Signature(r, s, (int) recId));
        return again.equals(encoded) ? null : "not canonical";
    }
}
