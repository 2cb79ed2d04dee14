package org.tem.ledger.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.merkle.MerkleTree;
import org.tem.ledger.state.StateProof;
import org.tem.ledger.storage.KeyValueStorage;

/** Computes contract roots from the committed store plus staged writes. */
public final class StateRoots {
    private StateRoots() {
    }

    /**
     * @param store the committed store
     * @param staged staged writes (full storage keys), or {@code null}
     * @param contract the contract
     * @return the contract's entries (key without prefix, value) in key order
     */
    public static TreeMap<byte[], byte[]> entries(KeyValueStorage store, Overlay staged, Address contract) {
        byte[] prefix = Layout.statePrefix(contract);
        TreeMap<byte[], byte[]> entries = new TreeMap<>(Arrays::compareUnsigned);
        store.scan(prefix, (k, v) -> entries.put(Arrays.copyOfRange(k, prefix.length, k.length), v));
        if (staged != null) {
            staged.forEach((k, v) -> {
                if (k.length > prefix.length && Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
                    byte[] key = Arrays.copyOfRange(k, prefix.length, k.length);
                    if (v == null) {
                        entries.remove(key);
                    } else {
                        entries.put(key, v);
                    }
                }
            });
        }
        return entries;
    }

    /**
     * @param entries a contract's entries in key order
     * @return their leaves
     */
    public static List<Bytes> leaves(TreeMap<byte[], byte[]> entries) {
        List<Bytes> leaves = new ArrayList<>(entries.size());
        for (Map.Entry<byte[], byte[]> e : entries.entrySet()) {
            leaves.add(StateProof.entryLeaf(Bytes.wrap(e.getKey()), Bytes.wrap(e.getValue())));
        }
        return leaves;
    }

    /**
     * @param entries a contract's entries in key order
     * @return the contract root
     */
    public static Hash root(TreeMap<byte[], byte[]> entries) {
        return MerkleTree.root(leaves(entries));
    }
}
