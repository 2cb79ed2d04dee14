package org.tem.ledger.chain;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.tem.ledger.LedgerException;
import org.tem.ledger.block.Block;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.storage.KeyValueStorage;
import org.tem.ledger.storage.StorageBatch;
import org.tem.ledger.storage.StorageException;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;

/**
 * The block store and its indexes: every stored block (canonical or side) with its receipts, the
 * canonical chain by number, transactions by hash, and the head and finalised pointers. Reads go
 * straight to the storage (and a small cache of decoded headers, which never goes stale: a stored
 * block is never changed or deleted); writes are put into the caller's batch, so a block, its
 * state and the index changes land in one atomic commit.
 *
 * <p>Layout, one keyspace, a one-byte prefix per table:
 * <ul>
 *   <li>{@code 'b' || hash} → block encoding;
 *   <li>{@code 'r' || hash} → RLP list of the block's receipt encodings;
 *   <li>{@code 'n' || number (8 bytes)} → hash of the canonical block at that height;
 *   <li>{@code 't' || txHash || blockHash} → {@code rlp([number, index])}, for every stored
 *       block holding the transaction (so a reorganisation rewrites no transaction entry; a
 *       lookup keeps the canonical one);
 *   <li>{@code 'H'} → head hash; {@code 'F'} → finalised hash; {@code 'V'} → layout version.
 * </ul>
 * Thread-safe.
 */
final class BlockStore implements HeaderView {

    private static final byte BLOCK = 'b';
    private static final byte RECEIPTS = 'r';
    private static final byte NUMBER = 'n';
    private static final byte TX = 't';
    private static final byte[] HEAD = {'H'};
    private static final byte[] FINAL = {'F'};
    private static final byte[] VERSION = {'V'};
    /** The layout version this code writes and reads. */
    static final int LAYOUT = 2;
    private static final int CACHED_HEADERS = 4096;

    private final KeyValueStorage kv;
    private final Map<Hash, BlockHeader> headers = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<Hash, BlockHeader> eldest) {
                    return size() > CACHED_HEADERS;
                }
            });

    /** Where a transaction sits: its block and position. */
    record Location(Hash block, long number, int index) {
    }

    BlockStore(KeyValueStorage kv) {
        this.kv = kv;
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Optional<BlockHeader> header(Hash hash) {
        BlockHeader h = headers.get(hash);
        if (h != null) {
            return Optional.of(h);
        }
        Optional<BlockHeader> stored = kv.get(key(BLOCK, hash)).map(b -> {
            try {
                return Block.decodeHeader(Bytes.wrap(b));
            } catch (LedgerException e) {
                throw new StorageException("stored block " + hash + " does not decode: " + e.getMessage(), e);
            }
        });
        stored.ifPresent(x -> headers.put(hash, x));
        return stored;
    }

    boolean contains(Hash hash) {
        return headers.containsKey(hash) || kv.get(key(BLOCK, hash)).isPresent();
    }

    Optional<Block> block(Hash hash) {
        return kv.get(key(BLOCK, hash)).map(b -> {
            try {
                return Block.decode(Bytes.wrap(b));
            } catch (LedgerException e) {
                throw new StorageException("stored block " + hash + " does not decode: " + e.getMessage(), e);
            }
        });
    }

    /**
     * @param hash a block hash
     * @return the stored encoding of the block with that hash (what {@link Block#encode()} gave
     *     when it was stored), or empty; not decoded
     */
    Optional<Bytes> encoding(Hash hash) {
        return kv.get(key(BLOCK, hash)).map(Bytes::wrap);
    }

    Optional<Hash> canonical(long number) {
        if (number < 0) {
            return Optional.empty();
        }
        return kv.get(numberKey(number)).map(Hash::of);
    }

    boolean isCanonical(BlockHeader h) {
        return canonical(h.number()).map(x -> x.equals(h.hash())).orElse(false);
    }

    List<Receipt> receipts(Hash blockHash) {
        Optional<byte[]> enc = kv.get(key(RECEIPTS, blockHash));
        if (enc.isEmpty()) {
            return List.of();
        }
        List<Receipt> out = new ArrayList<>();
        try {
            RLP.decodeList(Bytes.wrap(enc.get()), r -> {
                while (!r.isComplete()) {
                    if (out.size() >= Block.MAX_TRANSACTIONS) {
                        throw new LedgerException("more receipts than a block can hold");
                    }
                    out.add(Receipt.decode(r.readValue()));
                }
                return null;
            });
        } catch (RuntimeException e) {
            throw new StorageException("stored receipts of " + blockHash + " do not decode: " + e.getMessage(), e);
        }
        return out;
    }

    boolean hasReceipts(Hash blockHash) {
        return kv.get(key(RECEIPTS, blockHash)).isPresent();
    }

    /** Every stored block holding the transaction, canonical or not. */
    List<Location> locations(Hash txHash) {
        List<Location> out = new ArrayList<>();
        byte[] prefix = key(TX, txHash);
        kv.scan(prefix, (k, v) -> {
            if (k.length != prefix.length + Hash.SIZE) {
                throw new StorageException("malformed transaction index key of " + k.length + " bytes");
            }
            Hash block = Hash.of(Arrays.copyOfRange(k, prefix.length, k.length));
            long[] l;
            try {
                l = RLP.decodeList(Bytes.wrap(v), r -> new long[] {r.readLong(), r.readLong()});
            } catch (RuntimeException e) {
                throw new StorageException("stored location of " + txHash + " does not decode", e);
            }
            if (l[1] < 0 || l[1] >= Block.MAX_TRANSACTIONS) {
                throw new StorageException("stored location of " + txHash + " has index " + l[1]);
            }
            out.add(new Location(block, l[0], (int) l[1]));
        });
        return out;
    }

    /** The canonical block holding the transaction, if any. */
    Optional<Location> canonicalLocation(Hash txHash) {
        for (Location l : locations(txHash)) {
            if (canonical(l.number()).map(l.block()::equals).orElse(false)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    Optional<Hash> head() {
        return kv.get(HEAD).map(Hash::of);
    }

    Optional<Hash> finalized() {
        return kv.get(FINAL).map(Hash::of);
    }

    Optional<Integer> layout() {
        return kv.get(VERSION).map(b -> b.length == 4 ? ByteBuffer.wrap(b).getInt() : -1);
    }

    /** Visits every stored block hash (for integrity checks). */
    void forEachBlock(java.util.function.Consumer<Hash> visitor) {
        byte[] prefix = {BLOCK};
        kv.scan(prefix, (k, v) -> visitor.accept(Hash.of(Arrays.copyOfRange(k, 1, k.length))));
    }

    /** Visits every canonical index entry (for integrity checks). */
    void forEachCanonical(java.util.function.BiConsumer<Long, Hash> visitor) {
        byte[] prefix = {NUMBER};
        kv.scan(prefix, (k, v) -> visitor.accept(ByteBuffer.wrap(k, 1, 8).getLong(), Hash.of(v)));
    }

    // ------------------------------------------------------------------ writes (into a batch)

    void putBlock(StorageBatch batch, Block block, List<Receipt> receipts) {
        Hash hash = block.hash();
        batch.put(key(BLOCK, hash), block.encode().toArrayUnsafe());
        Bytes r = RLP.encodeList(w -> receipts.forEach(x -> w.writeValue(x.encode())));
        batch.put(key(RECEIPTS, hash), r.toArrayUnsafe());
        List<Transaction> txs = block.transactions();
        long number = block.header().number();
        for (int i = 0; i < txs.size(); i++) {
            long index = i;
            batch.put(key(TX, txs.get(i).hash(), hash), RLP.encodeList(w -> {
                w.writeLong(number);
                w.writeLong(index);
            }).toArrayUnsafe());
        }
    }

    void putCanonical(StorageBatch batch, long number, Hash hash) {
        batch.put(numberKey(number), hash.toArray());
    }

    void deleteCanonical(StorageBatch batch, long number) {
        batch.delete(numberKey(number));
    }

    void putHead(StorageBatch batch, Hash hash) {
        batch.put(HEAD, hash.toArray());
    }

    void putFinalized(StorageBatch batch, Hash hash) {
        batch.put(FINAL, hash.toArray());
    }

    void putLayout(StorageBatch batch) {
        batch.put(VERSION, ByteBuffer.allocate(4).putInt(LAYOUT).array());
    }

    private static byte[] numberKey(long number) {
        return ByteBuffer.allocate(9).put(NUMBER).putLong(number).array();
    }

    private static byte[] key(byte table, Hash... hashes) {
        ByteBuffer b = ByteBuffer.allocate(1 + hashes.length * Hash.SIZE).put(table);
        for (Hash h : hashes) {
            b.put(h.toArray());
        }
        return b.array();
    }

    /** The head key, for tests that recognise a block commit among storage batches. */
    static byte[] headKey() {
        return HEAD.clone();
    }
}
