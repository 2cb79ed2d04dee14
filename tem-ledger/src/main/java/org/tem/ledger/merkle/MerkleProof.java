package org.tem.ledger.merkle;

import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.tem.ledger.LedgerException;
import org.tem.ledger.crypto.Hash;

/**
 * The path from one leaf to the root of a binary Merkle tree: the sibling hashes from the leaf
 * level upwards, and for each whether the sibling is on the left. Levels where the node was
 * promoted without a sibling contribute no step. Immutable.
 *
 * @param siblings the sibling hashes, leaf level first
 * @param siblingOnLeft for each sibling, whether it is the left operand of the node hash
 */
public record MerkleProof(List<Hash> siblings, List<Boolean> siblingOnLeft) {

    /** The most steps a proof may have (a tree of up to 2^64 leaves). */
    public static final int MAX_STEPS = 64;

    /**
     * @param siblings the sibling hashes, leaf level first
     * @param siblingOnLeft for each sibling, whether it is the left operand of the node hash
     * @throws IllegalArgumentException if the lists differ in length or exceed {@link #MAX_STEPS}
     */
    public MerkleProof {
        siblings = List.copyOf(siblings);
        siblingOnLeft = List.copyOf(siblingOnLeft);
        if (siblings.size() != siblingOnLeft.size()) {
            throw new IllegalArgumentException("siblings and directions differ in length: "
                    + siblings.size() + " vs " + siblingOnLeft.size());
        }
        if (siblings.size() > MAX_STEPS) {
            throw new IllegalArgumentException("proof too long: " + siblings.size() + " steps");
        }
    }

    /**
     * Checks that a leaf's data is in the tree with the given root.
     *
     * @param root the trusted root
     * @param leafData the claimed leaf data
     * @param proof the path
     * @return whether hashing the leaf along the path gives the root
     */
    public static boolean verify(Hash root, Bytes leafData, MerkleProof proof) {
        Objects.requireNonNull(root, "root");
        Hash h = MerkleTree.leafHash(leafData);
        for (int i = 0; i < proof.siblings.size(); i++) {
            Hash s = proof.siblings.get(i);
            h = proof.siblingOnLeft.get(i) ? MerkleTree.nodeHash(s, h) : MerkleTree.nodeHash(h, s);
        }
        return h.equals(root);
    }

    /**
     * @return the RLP encoding: a list of [sibling, 0 or 1 for left] pairs
     */
    public Bytes encode() {
        return RLP.encodeList(w -> {
            for (int i = 0; i < siblings.size(); i++) {
                int k = i;
                w.writeList(p -> {
                    p.writeValue(siblings.get(k).toBytes());
                    p.writeInt(siblingOnLeft.get(k) ? 1 : 0);
                });
            }
        });
    }

    /**
     * @param rlp an encoding made by {@link #encode()}
     * @return the proof
     * @throws LedgerException if the bytes are not a well-formed proof
     */
    public static MerkleProof decode(Bytes rlp) {
        try {
            List<Hash> sib = new java.util.ArrayList<>();
            List<Boolean> left = new java.util.ArrayList<>();
            RLP.decodeList(rlp, r -> {
                while (!r.isComplete()) {
                    if (sib.size() >= MAX_STEPS) {
                        throw new LedgerException("proof too long");
                    }
                    r.readList(p -> {
                        sib.add(Hash.of(p.readValue()));
                        int dir = p.readInt();
                        if (dir != 0 && dir != 1 || !p.isComplete()) {
                            throw new LedgerException("malformed proof step");
                        }
                        left.add(dir == 1);
                        return null;
                    });
                }
                return null;
            });
            return new MerkleProof(sib, left);
        } catch (LedgerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LedgerException("malformed proof: " + e.getMessage(), e);
        }
    }
}
