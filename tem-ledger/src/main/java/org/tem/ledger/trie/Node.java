package org.tem.ledger.trie;

import java.util.Arrays;
import org.tem.ledger.crypto.Hash;

/**
 * A node of the Merkle Patricia trie in memory. Leaf, extension and branch nodes are immutable
 * except for {@link #stored}, which a node built by an update receives once, when the commit
 * stores it; a node decoded from the store or a proof carries its hash from construction. A child
 * slot holds {@code null} (empty), a {@link HashRef} (a stored node not loaded yet) or a node.
 */
abstract sealed class Node implements Ref permits Node.Leaf, Node.Extension, Node.Branch {

    /** The hash under which this node occurrence is stored, or {@code null} if it is not. */
    Hash stored;

    Node(Hash stored) {
        this.stored = stored;
    }

    /** A leaf: the rest of the key and the value. */
    static final class Leaf extends Node {
        final byte[] path;
        final byte[] value;

        Leaf(byte[] path, byte[] value, Hash stored) {
            super(stored);
            this.path = path;
            this.value = value;
        }

        Leaf(byte[] path, byte[] value) {
            this(path, value, null);
        }
    }

    /** An extension: a shared run of nibbles leading to one branch. */
    static final class Extension extends Node {
        final byte[] path;
        final Ref child;

        Extension(byte[] path, Ref child, Hash stored) {
            super(stored);
            this.path = path;
            this.child = child;
        }

        Extension(byte[] path, Ref child) {
            this(path, child, null);
        }
    }

    /** A branch: sixteen child slots and the value of the key ending here, if any. */
    static final class Branch extends Node {
        final Ref[] children;
        final byte[] value;

        Branch(Ref[] children, byte[] value, Hash stored) {
            super(stored);
            this.children = children;
            this.value = value;
        }

        Branch withChild(int index, Ref child) {
            Ref[] c = Arrays.copyOf(children, 16);
            c[index] = child;
            return new Branch(c, value, null);
        }

        Branch withValue(byte[] v) {
            return new Branch(children, v, null);
        }

        /** @return the number of non-empty child slots plus one if a value is present */
        int entries() {
            int n = value == null ? 0 : 1;
            for (Ref c : children) {
                if (c != null) {
                    n++;
                }
            }
            return n;
        }
    }
}
