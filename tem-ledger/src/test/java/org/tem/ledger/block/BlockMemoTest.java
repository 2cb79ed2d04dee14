package org.tem.ledger.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.ledger.Fixtures;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.tx.Transaction;

/**
 * A header's encoding, hash and sealing hash, and a block's encoding, are computed once per
 * object (every later call returns the same object), and nothing a caller does to the arrays it
 * passed in or decoded from afterwards changes a header, a block or what they computed.
 */
class BlockMemoTest {

    private final BlockHeader built = Fixtures.chain(new InMemoryStorage()).buildBlock(List.of(), 1).block().header();

    private static BlockHeader header(Bytes consensusData, Bytes seal) {
        return new BlockHeader(Hash.ZERO, 7, 1_000, Hash.ZERO, Hash.ZERO, Hash.ZERO, consensusData, seal);
    }

    private static List<Transaction> txs(int n) {
        List<Transaction> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(Fixtures.transfer(Fixtures.ALICE, i, Fixtures.BOB, i));
        }
        return l;
    }

    @Test
    void aHeadersDigestsAndEncodingAreComputedOnceAndAreTheFreshOnes() {
        BlockHeader h = header(Bytes.of(1, 2, 3), Bytes.of(9, 9));
        Hash hash = h.hash();
        assertSame(hash, h.hash(), "the hash is kept");
        assertSame(h.sealingHash(), h.sealingHash(), "the sealing hash is kept");
        assertSame(h.encode(), h.encode(), "the encoding is kept");
        // an equal header computes the same values afresh
        BlockHeader twin = header(Bytes.of(1, 2, 3), Bytes.of(9, 9));
        assertNotSame(hash, twin.hash());
        assertEquals(hash, twin.hash());
        assertEquals(h.sealingHash(), twin.sealingHash());
        assertEquals(h.sealingHash(), twin.withSeal(Bytes.of(1)).sealingHash(), "the seal is not signed");
        assertNotEquals(hash, twin.withSeal(Bytes.of(1)).hash());
    }

    @Test
    void aDecodedHeaderKeepsTheEncodingItWasComparedWith() {
        Bytes enc = built.encode();
        BlockHeader back = BlockHeader.decode(enc);
        assertSame(back.encode(), back.encode());
        assertArrayEquals(enc.toArray(), back.encode().toArray());
        assertEquals(built.hash(), back.hash());
    }

    @Test
    void changingTheCallersArraysAfterwardsChangesNoHeader() {
        byte[] data = {1, 2, 3};
        byte[] seal = {4, 5};
        BlockHeader h = header(Bytes.wrap(data), Bytes.wrap(seal));
        Hash before = h.hash();
        data[0] = 42;
        seal[0] = 42;
        assertEquals(Bytes.of(1, 2, 3), h.consensusData());
        assertEquals(Bytes.of(4, 5), h.seal());
        assertEquals(before, h.hash());
        assertEquals(header(Bytes.of(1, 2, 3), Bytes.of(4, 5)).hash(), h.hash(), "the hash of its own fields");
        assertEquals(h, h.withSeal(Bytes.wrap(seal)).withSeal(Bytes.of(4, 5)));

        // a header read from a caller's array: the array changes, the header does not
        byte[] enc = header(Bytes.of(1, 2, 3), Bytes.of(4, 5)).encode().toArray();
        BlockHeader decoded = BlockHeader.decode(Bytes.wrap(enc));
        byte[] original = enc.clone();
        java.util.Arrays.fill(enc, enc.length - 2, enc.length, (byte) 0x7F);
        assertEquals(Bytes.of(4, 5), decoded.seal());
        assertArrayEquals(original, decoded.encode().toArray());
        assertEquals(h.hash(), decoded.hash());
    }

    @Test
    void headersAreEqualExactlyWhenTheirFieldsAre() {
        BlockHeader h = header(Bytes.of(1), Bytes.of(2));
        assertEquals(h, header(Bytes.of(1), Bytes.of(2)));
        assertEquals(h.hashCode(), header(Bytes.of(1), Bytes.of(2)).hashCode());
        assertNotEquals(h, header(Bytes.of(1), Bytes.of(3)));
        assertNotEquals(h, header(Bytes.of(0), Bytes.of(2)));
        assertNotEquals(h, new BlockHeader(Hash.ZERO, 8, 1_000, Hash.ZERO, Hash.ZERO, Hash.ZERO, Bytes.of(1),
                Bytes.of(2)));
        assertNotEquals(h, new BlockHeader(Hash.ZERO, 7, 1_001, Hash.ZERO, Hash.ZERO, Hash.ZERO, Bytes.of(1),
                Bytes.of(2)));
        assertNotEquals(h, new BlockHeader(Hash.ZERO, 7, 1_000, built.stateRoot(), Hash.ZERO, Hash.ZERO, Bytes.of(1),
                Bytes.of(2)));
    }

    @Test
    void threadsRacingForTheHashAllGetTheOneValue() {
        BlockHeader h = header(Bytes.of(1, 2, 3), Bytes.of(9, 9));
        Hash expected = header(Bytes.of(1, 2, 3), Bytes.of(9, 9)).hash();
        List<CompletableFuture<Hash>> fs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            fs.add(CompletableFuture.supplyAsync(h::hash));
        }
        fs.forEach(f -> assertEquals(expected, f.join()));
    }

    @Test
    void aBlocksEncodingIsWrittenOnce() {
        Block b = new Block(built, txs(3));
        Bytes enc = b.encode();
        assertSame(enc, b.encode());
        assertArrayEquals(enc.toArray(), new Block(built, txs(3)).encode().toArray());
        assertSame(built.hash(), b.hash(), "the block hash is its header's kept hash");
    }

    /**
     * A decoded block's encoding is the bytes it was read from (what the block store writes, so a
     * received block is not encoded again to be stored), in a copy of its own.
     */
    @Test
    void aDecodedBlockKeepsItsOwnCopyOfTheBytesItWasReadFrom() {
        for (int n : new int[] {0, 1, 30}) {
            byte[] in = new Block(built, txs(n)).encode().toArray();
            byte[] original = in.clone();
            Block b = Block.decode(Bytes.wrap(in));
            assertSame(b.encode(), b.encode());
            assertArrayEquals(original, b.encode().toArray());
            assertNotSame(in, b.encode().toArrayUnsafe(), "not the caller's array");
            java.util.Arrays.fill(in, (byte) 0);
            assertArrayEquals(original, b.encode().toArray(), "the caller's array changed, the block did not");
            assertEquals(new Block(built, txs(n)), b);
        }
    }
}
