package org.tem.ledger.tx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.ledger.Fixtures;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.tx.TransactionSpellingProperties.Spelling;

/**
 * Decoding keeps the received bytes as the transaction's encoding and hashes them at most once:
 * the encoding and hash of a decoded transaction are those of the transaction that was encoded,
 * the kept bytes are a private copy that no later change to the caller's array reaches, a hash
 * handed over by {@link TransactionBytes} is the hash of exactly the decoded bytes, and every
 * other spelling of the same fields is refused.
 */
class TransactionDecodeTest {

    private final Transaction tx = Fixtures.transfer(Fixtures.ALICE, 3, Fixtures.BOB, 250);

    @Test
    void decodeOfAnEncodingHasTheSameHashAndTheSameBytes() {
        Transaction big = Fixtures.tx(Fixtures.BOB, 1L << 40, "m", Bytes.wrap(new byte[2000]));
        for (Transaction original : new Transaction[] {tx, big}) {
            Transaction back = Transaction.decode(original.encoded());
            assertEquals(original.hash(), back.hash());
            assertArrayEquals(original.encoded().toArray(), back.encoded().toArray());
            assertEquals(Keccak.hash256(back.encoded()), back.hash());
            assertEquals(original.args(), back.args());
            assertEquals(original.signature(), back.signature());
        }
    }

    /**
     * The encoding is the input's content in a private copy: changing the caller's array after
     * decoding changes neither the encoding, nor the hash (computed only afterwards here), nor the
     * arguments; a slice in the middle of a larger array decodes the same.
     */
    @Test
    void theEncodingIsAPrivateCopyOfTheInputBytes() {
        byte[] mine = tx.encoded().toArray();
        Transaction back = Transaction.decode(Bytes.wrap(mine));
        assertArrayEquals(tx.encoded().toArray(), back.encoded().toArray());
        assertNotSame(mine, back.encoded().toArrayUnsafe());
        java.util.Arrays.fill(mine, (byte) 0x55);
        assertArrayEquals(tx.encoded().toArray(), back.encoded().toArray());
        assertEquals(tx.hash(), back.hash());
        assertEquals(tx.args(), back.args());

        byte[] padded = new byte[tx.encoded().size() + 10];
        System.arraycopy(tx.encoded().toArrayUnsafe(), 0, padded, 7, tx.encoded().size());
        Transaction fromSlice = Transaction.decode(Bytes.wrap(padded, 7, tx.encoded().size()));
        assertEquals(tx.hash(), fromSlice.hash());
        assertArrayEquals(tx.encoded().toArray(), fromSlice.encoded().toArray());
        // a slice of a concatenated value that Tuweni cannot copy in bulk
        Bytes concatenated = Bytes.wrap(Bytes.of(9), tx.encoded().slice(0, 5),
                Bytes.concatenate(tx.encoded().slice(5), Bytes.of(7, 7)));
        Transaction fromConcatenated = Transaction.decode(concatenated.slice(1, tx.encoded().size()));
        assertEquals(tx.hash(), fromConcatenated.hash());
    }

    /**
     * {@link TransactionBytes} carries the hash of its own private copy, and decoding them keeps
     * that copy and that hash (the same objects, so nothing is copied or hashed again).
     */
    @Test
    void decodingTransactionBytesKeepsTheirCopyAndTheirHash() {
        byte[] mine = tx.encoded().toArray();
        TransactionBytes received = TransactionBytes.of(Bytes.wrap(mine));
        java.util.Arrays.fill(mine, (byte) 0);
        assertEquals(tx.hash(), received.hash());
        assertArrayEquals(tx.encoded().toArray(), received.bytes().toArray());

        Transaction back = Transaction.decode(received);
        assertSame(received.array(), back.encoded().toArrayUnsafe(), "the received copy is the encoding");
        assertSame(received.hash(), back.hash(), "the hash is taken over, not computed again");
        assertEquals(tx, back);
    }

    /**
     * A {@link TransactionBytes} cannot pair bytes with a hash of anything else: its only
     * constructor is private, and {@link TransactionBytes#of} hashes what it keeps, for any input.
     */
    @Test
    void transactionBytesAlwaysHoldTheHashOfTheirOwnBytes() {
        for (Constructor<?> c : TransactionBytes.class.getDeclaredConstructors()) {
            assertTrue(Modifier.isPrivate(c.getModifiers()), c.toString());
        }
        for (Bytes b : new Bytes[] {Bytes.EMPTY, Bytes.of(0x80), tx.encoded(), Bytes.wrap(new byte[5000]),
            Bytes.concatenate(tx.encoded(), Bytes.of(1))}) {
            TransactionBytes t = TransactionBytes.of(b);
            assertEquals(Keccak.hash256(b.toArray()), t.hash());
            assertEquals(b, t.bytes());
            assertEquals(b.size(), t.size());
        }
        // hostile bytes still refused through this path, with the same reasons
        assertThrows(InvalidTransactionException.class,
                () -> Transaction.decode(TransactionBytes.of(Bytes.concatenate(tx.encoded(), Bytes.of(1)))));
        assertTrue(assertThrows(InvalidTransactionException.class,
                () -> Transaction.decode(TransactionBytes.of(Bytes.wrap(new byte[Transaction.MAX_ENCODED_BYTES + 1]))))
                .getMessage().startsWith("transaction too large"));
    }

    /** Each other spelling of the same fields, one item at a time, is refused as malformed RLP. */
    @Test
    void everyOtherSpellingOfTheSameFieldsIsRefused() {
        Transaction oneByteArg = Transaction.builder().chainId(Fixtures.CHAIN_ID).nonce(5).to(Fixtures.BANK)
                .method("transfer").args(new byte[] {5}).sign(Fixtures.ALICE);
        int checked = 0;
        for (Transaction t : new Transaction[] {tx, oneByteArg}) {
            assertEquals(t.encoded(), TransactionSpellingProperties.spell(t, new Spelling[10]).bytes());
            for (int item = 0; item < 10; item++) {
                for (Spelling s : Spelling.values()) {
                    Spelling[] how = new Spelling[10];
                    how[item] = s;
                    TransactionSpellingProperties.Spelled odd = TransactionSpellingProperties.spell(t, how);
                    if (odd.allCanonical()) {
                        continue;
                    }
                    checked++;
                    String why = assertThrows(InvalidTransactionException.class,
                            () -> Transaction.decode(odd.bytes()), odd.label() + " of item " + item).getMessage();
                    assertTrue(why.startsWith("malformed RLP"), why);
                }
            }
        }
        assertTrue(checked >= 40, "spellings checked: " + checked);
    }
}
