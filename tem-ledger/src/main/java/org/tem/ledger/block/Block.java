package org.tem.ledger.block;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.internal.FlatBytes;
import org.tem.ledger.merkle.MerkleProof;
import org.tem.ledger.merkle.MerkleTree;
import org.tem.ledger.tx.InvalidTransactionException;
import org.tem.ledger.tx.Transaction;

/**
 * A block: a header and the transactions it orders. Immutable and thread-safe.
 *
 * <p>Its {@linkplain #encode() encoding} is written once per block object, on first use, and
 * shared by every later call; a block read by {@link #decode(Bytes)} keeps a private copy of the
 * bytes it was read from instead, which are that encoding byte for byte (decode accepts only the
 * canonical encoding). Two blocks are {@linkplain #equals(Object) equal} when their headers and
 * transaction lists are.
 */
public final class Block {

    /** The most transactions a block may hold. */
    public static final int MAX_TRANSACTIONS = 10_000;

    /** The largest block encoding accepted, in bytes (16 MiB). */
    public static final int MAX_ENCODED_BYTES = 16 * 1024 * 1024;

    private final BlockHeader header;
    private final List<Transaction> transactions;
    // the encoding, written on first use or kept by decode; volatile so that the array behind
    // it is published with it
    private volatile Bytes encoding;

    /**
     * @param header the header
     * @param transactions the transactions in execution order (copied)
     * @throws IllegalArgumentException if there are more than {@link #MAX_TRANSACTIONS}
     * @throws NullPointerException if the header, the list or a transaction is null
     */
    public Block(BlockHeader header, List<Transaction> transactions) {
        this.header = Objects.requireNonNull(header, "header");
        this.transactions = List.copyOf(transactions);
        if (this.transactions.size() > MAX_TRANSACTIONS) {
            throw new IllegalArgumentException("at most " + MAX_TRANSACTIONS + " transactions, was "
                    + this.transactions.size());
        }
    }

    /**
     * @return the header
     */
    public BlockHeader header() {
        return header;
    }

    /**
     * @return the transactions in execution order (unmodifiable)
     */
    public List<Transaction> transactions() {
        return transactions;
    }

    /**
     * @return the header's hash
     */
    public Hash hash() {
        return header.hash();
    }

    /**
     * @param transactions transactions in block order
     * @return their Merkle root
     */
    public static Hash transactionsRoot(List<Transaction> transactions) {
        return MerkleTree.root(leaves(transactions));
    }

    /**
     * Proves that the transaction at {@code index} is in this block; verify with
     * {@code MerkleProof.verify(header.transactionsRoot(), tx.encoded(), proof)}.
     *
     * @param index the transaction's position
     * @return the inclusion proof
     * @throws IndexOutOfBoundsException if the index is out of range
     */
    public MerkleProof transactionProof(int index) {
        return MerkleTree.proof(leaves(transactions), index);
    }

    private static List<Bytes> leaves(List<Transaction> txs) {
        List<Bytes> l = new ArrayList<>(txs.size());
        for (Transaction t : txs) {
            l.add(t.encoded());
        }
        return l;
    }

    /**
     * @return the RLP {@code [header, [tx...]]}, as one flat array: written on the first call
     *     (or kept from {@link #decode(Bytes)}), the same value after (a view of the block's own
     *     array: not to be written into)
     */
    public Bytes encode() {
        Bytes e = encoding;
        if (e == null) {
            e = Bytes.wrap(FlatBytes.of(RLP.encodeList(w -> {
                w.writeList(header::write);
                w.writeList(l -> transactions.forEach(t -> l.writeRLP(t.encoded())));
            })));
            encoding = e;
        }
        return e;
    }

    /**
     * Reads only the header of a block encoding, without decoding the transactions: for walking
     * the ancestors of a block in storage. The rest of the encoding is not checked.
     *
     * @param rlp a block encoding
     * @return its header
     * @throws InvalidBlockException if the header cannot be read
     */
    public static BlockHeader decodeHeader(Bytes rlp) {
        if (rlp.size() > MAX_ENCODED_BYTES) {
            throw new InvalidBlockException("block too large: " + rlp.size() + " bytes");
        }
        try {
            return RLP.decodeList(rlp, r -> r.readList(BlockHeader::read));
        } catch (InvalidBlockException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidBlockException("malformed header: " + e.getMessage());
        }
    }

    /**
     * Decodes untrusted block bytes and checks the structure of every transaction (no
     * signature work: signatures, roots and the seal are checked on import). Allocates at most a
     * constant factor of the input's size, which is checked first, and at most
     * {@link #MAX_TRANSACTIONS} transactions.
     *
     * @param rlp the encoding
     * @return the block
     * @throws InvalidBlockException naming the reason if the bytes are oversized, malformed, not
     *     canonical, or hold an invalid transaction
     */
    public static Block decode(Bytes rlp) {
        if (rlp.size() > MAX_ENCODED_BYTES) {
            throw new InvalidBlockException("block too large: " + rlp.size() + " bytes");
        }
        // a private flat copy, cut into the transactions' slices and kept as the encoding once
        // it is found canonical (the caller's array could change after this returns)
        Bytes flat = Bytes.wrap(FlatBytes.copyOf(rlp));
        Block b;
        int[] headerSize = new int[1];
        try {
            b = RLP.decodeList(flat, r -> {
                int headerStart = r.position();
                BlockHeader h = r.readList(BlockHeader::read);
                headerSize[0] = r.position() - headerStart;
                List<Transaction> txs = new ArrayList<>();
                Bytes body = r.readList(l -> l.readRemaining());
                if (!r.isComplete()) {
                    throw new InvalidBlockException("malformed block: extra fields");
                }
                RLP.decode(body, l -> {
                    while (!l.isComplete()) {
                        if (txs.size() >= MAX_TRANSACTIONS) {
                            throw new InvalidBlockException("too many transactions");
                        }
                        int start = l.position();
                        l.skipNext();
                        txs.add(Transaction.decode(body.slice(start, l.position() - start)));
                    }
                    return null;
                });
                return new Block(h, txs);
            });
        } catch (InvalidBlockException e) {
            throw e;
        } catch (InvalidTransactionException e) {
            throw new InvalidBlockException("invalid transaction: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new InvalidBlockException("malformed block: " + e.getMessage());
        }
        checkCanonical(b, flat, headerSize[0]);
        b.encoding = flat;
        return b;
    }

    /**
     * Checks that {@code rlp}, from which {@code b} was read with a header item of {@code
     * headerSize} bytes, is the canonical encoding {@link #encode()} would write, without writing
     * it. Each transaction's bytes were already accepted as its canonical encoding
     * ({@link Transaction#decode(Bytes)}). Every other part of the input (the outer list prefix,
     * the header item, the transaction list's prefix, anything after the list) is at least as
     * long as its canonical form, so an input of exactly the canonical size with a header item of
     * the canonical header's size has every part at its canonical length: the prefixes are then
     * the shortest ones, which are unique, nothing trails, and the header's bytes sit right after
     * the outer prefix, where they are compared with the header's encoding.
     */
    private static void checkCanonical(Block b, Bytes rlp, int headerSize) {
        // rlp is one flat array (toArrayUnsafe does not copy it)
        Bytes header = b.header().encode();
        long body = 0;
        for (Transaction t : b.transactions()) {
            body += t.encoded().size();
        }
        long payload = header.size() + listPrefixSize(body) + body;
        int headerStart = listPrefixSize(payload);
        // flat arrays compared (Arrays.equals), not Bytes.equals, which reads a byte at a time
        // through virtual calls
        if (headerSize != header.size() || headerStart + payload != rlp.size()
                || !Arrays.equals(header.toArrayUnsafe(), 0, headerSize, rlp.toArrayUnsafe(), headerStart,
                        headerStart + headerSize)) {
            throw new InvalidBlockException("malformed block: not the canonical encoding");
        }
    }

    /**
     * @param o another object
     * @return whether it is a block with an equal header and equal transactions in the same order
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Block other && header.equals(other.header) && transactions.equals(other.transactions);
    }

    /**
     * @return a hash code consistent with {@link #equals(Object)}
     */
    @Override
    public int hashCode() {
        return 31 * header.hashCode() + transactions.hashCode();
    }

    /**
     * @return the header and the transactions, for logs
     */
    @Override
    public String toString() {
        return "Block[header=" + header + ", transactions=" + transactions + "]";
    }

    /** The bytes of the shortest RLP list prefix for a payload of {@code payload} bytes. */
    private static int listPrefixSize(long payload) {
        if (payload < 56) {
            return 1;
        }
        return 1 + (Long.SIZE - Long.numberOfLeadingZeros(payload) + 7) / 8;
    }
}
