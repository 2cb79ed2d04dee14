package org.tem.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.ledger.crypto.Hash;

class MerkleTreeTest {

    private static List<Bytes> leaves(int n) {
        List<Bytes> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(Bytes.of(i, i * 7));
        }
        return l;
    }

    @Test
    void everyLeafOfEveryTreeSizeHasAVerifyingProof() {
        for (int n = 1; n <= 17; n++) {
            List<Bytes> l = leaves(n);
            Hash root = MerkleTree.root(l);
            for (int i = 0; i < n; i++) {
                MerkleProof p = MerkleTree.proof(l, i);
                assertTrue(MerkleProof.verify(root, l.get(i), p), "n=" + n + " i=" + i);
                assertEquals(p, MerkleProof.decode(p.encode()));
            }
        }
    }

    @Test
    void tamperedLeafSiblingOrDirectionDoesNotVerify() {
        List<Bytes> l = leaves(7);
        Hash root = MerkleTree.root(l);
        MerkleProof p = MerkleTree.proof(l, 4);
        assertFalse(MerkleProof.verify(root, Bytes.of(4, 29), p));
        List<Hash> sib = new ArrayList<>(p.siblings());
        sib.set(0, Hash.ZERO);
        assertFalse(MerkleProof.verify(root, l.get(4), new MerkleProof(sib, p.siblingOnLeft())));
        List<Boolean> dir = new ArrayList<>(p.siblingOnLeft());
        dir.set(0, !dir.get(0));
        assertFalse(MerkleProof.verify(root, l.get(4), new MerkleProof(p.siblings(), dir)));
        assertFalse(MerkleProof.verify(MerkleTree.root(leaves(8)), l.get(4), p));
    }

    @Test
    void rootDependsOnOrderAndOddLeafIsNotDuplicated() {
        List<Bytes> l = leaves(3);
        List<Bytes> swapped = List.of(l.get(1), l.get(0), l.get(2));
        assertNotEquals(MerkleTree.root(l), MerkleTree.root(swapped));
        List<Bytes> dup = new ArrayList<>(l);
        dup.add(l.get(2));
        assertNotEquals(MerkleTree.root(l), MerkleTree.root(dup));
        assertEquals(MerkleTree.EMPTY_ROOT, MerkleTree.root(List.of()));
    }

    @Test
    void aLeafCannotPoseAsAnInnerNode() {
        List<Bytes> l = leaves(2);
        Hash root = MerkleTree.root(l);
        Bytes fakeLeaf = Bytes.concatenate(MerkleTree.leafHash(l.get(0)).toBytes(), MerkleTree.leafHash(l.get(1)).toBytes());
        assertFalse(MerkleProof.verify(root, fakeLeaf, new MerkleProof(List.of(), List.of())));
    }
}
