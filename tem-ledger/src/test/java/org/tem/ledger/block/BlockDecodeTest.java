package org.tem.ledger.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.ledger.Fixtures;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.tx.Transaction;

/**
 * {@link Block#decode} checks that a block is its canonical encoding without writing it again:
 * the transactions keep their bytes from the block, and a block whose list prefixes or trailing
 * bytes differ from the canonical ones is refused although every part decodes.
 */
class BlockDecodeTest {

    private final BlockHeader header = Fixtures.chain(new InMemoryStorage()).buildBlock(List.of(), 1).block().header();

    private List<Transaction> txs(int n) {
        List<Transaction> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(Fixtures.transfer(Fixtures.ALICE, i, Fixtures.BOB, i));
        }
        return l;
    }

    @Test
    void decodedTransactionsHaveTheBlocksBytesAndHashes() {
        for (int n : new int[] {0, 1, 30}) {
            Block b = new Block(header, txs(n));
            Block back = Block.decode(b.encode());
            assertEquals(b, back);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(b.transactions().get(i).encoded().toArray(),
                        back.transactions().get(i).encoded().toArray());
                assertEquals(b.transactions().get(i).hash(), back.transactions().get(i).hash());
            }
            assertArrayEquals(b.encode().toArray(), back.encode().toArray());
        }
    }

    /** The same header and transactions under a non-canonical list prefix or with a trailing byte. */
    @Test
    void otherSpellingsOfTheSameBlockAreRefused() {
        for (int n : new int[] {0, 1, 30}) {
            Block b = new Block(header, txs(n));
            byte[] h = header.encode().toArray();
            ByteArrayOutputStream t = new ByteArrayOutputStream();
            b.transactions().forEach(tx -> t.writeBytes(tx.encoded().toArray()));
            byte[] body = t.toByteArray();
            byte[] canonicalBody = concat(prefix(body.length, false), body);
            byte[] oddBody = concat(prefix(body.length, true), body);

            assertArrayEquals(b.encode().toArray(), wrap(concat(h, canonicalBody), false), "the test's writer");
            List<byte[]> odd = List.of(wrap(concat(h, canonicalBody), true), wrap(concat(h, oddBody), false),
                    concat(wrap(concat(h, canonicalBody), false), new byte[] {0}));
            for (byte[] o : odd) {
                String why = assertThrows(InvalidBlockException.class, () -> Block.decode(Bytes.wrap(o))).getMessage();
                assertTrue(why.startsWith("malformed block"), why);
            }
        }
    }

    private static byte[] wrap(byte[] payload, boolean leadingZero) {
        return concat(prefix(payload.length, leadingZero), payload);
    }

    /** A list prefix: the shortest, or the long form with a leading zero length byte. */
    private static byte[] prefix(int length, boolean leadingZero) {
        byte[] len = java.math.BigInteger.valueOf(length).toByteArray();
        if (len[0] == 0 && len.length > 1) {
            len = java.util.Arrays.copyOfRange(len, 1, len.length);
        }
        if (!leadingZero && length < 56) {
            return new byte[] {(byte) (0xC0 + length)};
        }
        if (leadingZero) {
            len = concat(new byte[] {0}, length == 0 ? new byte[0] : len);
        }
        return concat(new byte[] {(byte) (0xF7 + len.length)}, len);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
