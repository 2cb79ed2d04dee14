package org.tem.ledger.state;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.merkle.MerkleProof;

/**
 * Proof that one contract state entry has a value under a world-state root. Immutable. Proves
 * presence only; absence of a key is not provable with this tree.
 *
 * @param contract the contract's address
 * @param contractName the contract's registered name
 * @param key the entry's key
 * @param value the entry's value
 * @param contractRoot the root of the contract's state
 * @param entryProof the path from the entry's leaf to {@code contractRoot}
 * @param contractProof the path from the contract's leaf to the world-state root
 */
public record StateProof(Address contract, String contractName, Bytes key, Bytes value,
        Hash contractRoot, MerkleProof entryProof, MerkleProof contractProof) {

    /** @throws NullPointerException if a component is null */
    public StateProof {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(contractName, "contractName");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(contractRoot, "contractRoot");
        Objects.requireNonNull(entryProof, "entryProof");
        Objects.requireNonNull(contractProof, "contractProof");
    }

    /**
     * Checks this proof against a trusted world-state root, for example
     * {@code header.stateRoot()} of a sealed block.
     *
     * @param stateRoot the trusted root
     * @return whether the entry is proven under the root
     */
    public boolean verify(Hash stateRoot) {
        return MerkleProof.verify(contractRoot, entryLeaf(key, value), entryProof)
                && MerkleProof.verify(stateRoot, contractLeaf(contract, contractName, contractRoot), contractProof);
    }

    /**
     * @param key an entry's key
     * @param value its value
     * @return the leaf data {@code rlp([key, value])}
     */
    public static Bytes entryLeaf(Bytes key, Bytes value) {
        return RLP.encodeList(w -> {
            w.writeValue(key);
            w.writeValue(value);
        });
    }

    /**
     * @param contract a contract's address
     * @param name its registered name
     * @param root the root of its state
     * @return the leaf data {@code rlp([address, name, root])}
     */
    public static Bytes contractLeaf(Address contract, String name, Hash root) {
        return RLP.encodeList(w -> {
            w.writeValue(contract.toBytes());
            w.writeString(name);
            w.writeValue(root.toBytes());
        });
    }
}
