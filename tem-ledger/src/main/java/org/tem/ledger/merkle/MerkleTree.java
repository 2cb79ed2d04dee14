package org.tem.ledger.merkle;

import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;

/**
 * Computes roots and inclusion proofs of the binary Merkle tree described in the
 * {@linkplain org.tem.ledger.merkle package overview}. Stateless and thread-safe.
 */
public final class MerkleTree {

    /** The root of a tree with no leaves: Keccak-256 of the empty string. */
    public static final Hash EMPTY_ROOT = Keccak.hash256(new byte[0]);

    private static final byte LEAF = 0;
    private static final byte NODE = 1;

    private MerkleTree() {
    }

    /**
     * @param leafData the leaves' data, in tree order
     * @return the root hash
     */
    public static Hash root(List<Bytes> leafData) {
        if (leafData.isEmpty()) {
            return EMPTY_ROOT;
        }
        List<Hash> level = leafHashes(leafData);
        while (level.size() > 1) {
            level = nextLevel(level);
        }
        return level.get(0);
    }

    /**
     * Builds the proof that leaf {@code index} is in the tree.
     *
     * @param leafData the leaves' data, in tree order
     * @param index the leaf to prove, in [0, leafData.size())
     * @return the proof
     * @throws IndexOutOfBoundsException if the index is out of range
     */
    public static MerkleProof proof(List<Bytes> leafData, int index) {
        if (index < 0 || index >= leafData.size()) {
            throw new IndexOutOfBoundsException("leaf index " + index + " of " + leafData.size());
        }
        List<Hash> level = leafHashes(leafData);
        List<Hash> siblings = new ArrayList<>();
        List<Boolean> left = new ArrayList<>();
        int i = index;
        while (level.size() > 1) {
            int sibling = i ^ 1;
            if (sibling < level.size()) {
                siblings.add(level.get(sibling));
                left.add(sibling < i);
            }
            level = nextLevel(level);
            i /= 2;
        }
        return new MerkleProof(siblings, left);
    }

    /**
     * @param leafData one leaf's data
     * @return the leaf hash, {@code keccak256(0x00 || leafData)}
     */
    public static Hash leafHash(Bytes leafData) {
        return Keccak.hash256(LEAF, leafData.toArrayUnsafe());
    }

    static Hash nodeHash(Hash left, Hash right) {
        return Keccak.hash256(NODE, left.toArray(), right.toArray());
    }

    private static List<Hash> leafHashes(List<Bytes> leafData) {
        List<Hash> level = new ArrayList<>(leafData.size());
        for (Bytes b : leafData) {
            level.add(leafHash(b));
        }
        return level;
    }

    private static List<Hash> nextLevel(List<Hash> level) {
        List<Hash> next = new ArrayList<>((level.size() + 1) / 2);
        for (int i = 0; i < level.size(); i += 2) {
            next.add(i + 1 < level.size() ? nodeHash(level.get(i), level.get(i + 1)) : level.get(i));
        }
        return next;
    }
}
