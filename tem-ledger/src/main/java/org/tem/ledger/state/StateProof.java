package org.tem.ledger.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.tem.api.contract.Limits;
import org.tem.ledger.LedgerException;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.trie.ProofResult;
import org.tem.ledger.trie.StateLayout;
import org.tem.ledger.trie.StateTables;
import org.tem.ledger.trie.TrieProof;

/**
 * Proof that one table entry has a value, or that the key is absent, under a world-state root
 * (a block header's {@code stateRoot}). Anyone holding a trusted root checks it with
 * {@link #verify}, without any store. Immutable.
 *
 * <p><b>What is proven.</b> The world state is one Merkle Patricia trie in Ethereum's node format
 * (see {@link org.tem.ledger.trie}); the entry {@code key} of the table at {@code table} sits at
 * the trie key {@code table(20 bytes) || escape(key) || 0x00 0x01}, where {@code escape} writes
 * each 0x00 byte as 0x00 0xFF, and its value is stored as the RLP string of the value
 * ({@link StateLayout}). {@link #proof()} is the list of trie nodes on that key's path, root first,
 * as Ethereum's {@code eth_getProof} returns them; verification hashes each node, checks it is the
 * one its parent references, and follows the key to a leaf with the value (presence) or to a
 * point where the path ends (absence).
 *
 * <p><b>Encoding</b> ({@link #encode()}): {@code rlp([table, key, [value] or [], [node, ...]])};
 * {@link #decode(Bytes)} bounds the input by {@link #MAX_ENCODED_BYTES} before parsing.
 *
 * @param table the table's address (a contract, {@link StateView#NONCES} or the permissions list)
 * @param key the entry's key, 1 to {@link Limits#MAX_KEY_BYTES} bytes
 * @param value the value the proof claims, or empty to claim absence
 * @param proof the trie nodes on the key's path, root first
 */
public record StateProof(Address table, Bytes key, Optional<Bytes> value, TrieProof proof) {

    /** The largest encoding {@link #decode(Bytes)} reads: the largest proof plus a value and framing. */
    public static final int MAX_ENCODED_BYTES = TrieProof.DEFAULT_MAX_BYTES + Limits.MAX_VALUE_BYTES + 1024;

    /**
     * @param table the table's address (a contract, {@link StateView#NONCES} or the permissions list)
     * @param key the entry's key, 1 to {@link Limits#MAX_KEY_BYTES} bytes
     * @param value the value the proof claims, or empty to claim absence
     * @param proof the trie nodes on the key's path, root first
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the key is empty or longer than
     *     {@link Limits#MAX_KEY_BYTES}, or the value longer than {@link Limits#MAX_VALUE_BYTES}
     */
    public StateProof {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(proof, "proof");
        if (key.isEmpty() || key.size() > Limits.MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key must be 1 to " + Limits.MAX_KEY_BYTES + " bytes, was "
                    + key.size());
        }
        if (value.isPresent() && value.get().size() > Limits.MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("value must be at most " + Limits.MAX_VALUE_BYTES + " bytes");
        }
    }

    /**
     * Checks the proof against a trusted root. Never throws for a bad proof.
     *
     * @param stateRoot the trusted world-state root
     * @return whether the root commits to exactly the claimed value (or to the key's absence)
     */
    public boolean verify(Hash stateRoot) {
        Objects.requireNonNull(stateRoot, "stateRoot");
        ProofResult r = StateTables.verify(proof, stateRoot, table, key.toArrayUnsafe());
        if (value.isPresent()) {
            return r.status() == ProofResult.Status.PRESENT && r.value().orElseThrow().equals(value.get());
        }
        return r.status() == ProofResult.Status.ABSENT;
    }

    /**
     * @return {@code rlp([table, key, [value] or [], [node, ...]])}
     */
    public Bytes encode() {
        return RLP.encodeList(w -> {
            w.writeValue(table.toBytes());
            w.writeValue(key);
            w.writeList(l -> value.ifPresent(l::writeValue));
            w.writeRLP(proof.encode());
        });
    }

    /**
     * Decodes an untrusted encoding; memory used is bounded by its size.
     *
     * @param rlp the encoding, at most {@link #MAX_ENCODED_BYTES}
     * @return the proof, not yet verified
     * @throws LedgerException if the bytes are too long or not a canonical proof encoding
     */
    public static StateProof decode(Bytes rlp) {
        Objects.requireNonNull(rlp, "rlp");
        if (rlp.size() > MAX_ENCODED_BYTES) {
            throw new LedgerException("state proof of " + rlp.size() + " bytes exceeds " + MAX_ENCODED_BYTES);
        }
        StateProof p;
        try {
            p = RLP.decodeList(rlp, r -> {
                Bytes table = r.readValue();
                if (table.size() != Address.SIZE) {
                    throw new LedgerException("table address of " + table.size() + " bytes");
                }
                Bytes key = r.readValue();
                Optional<Bytes> value = r.readList(l -> {
                    if (l.isComplete()) {
                        return Optional.<Bytes>empty();
                    }
                    Bytes v = l.readValue();
                    if (!l.isComplete()) {
                        throw new LedgerException("more than one value");
                    }
                    return Optional.of(v);
                });
                List<Bytes> nodes = r.readList(l -> {
                    List<Bytes> out = new ArrayList<>();
                    while (!l.isComplete()) {
                        if (out.size() == TrieProof.MAX_NODES) {
                            throw new LedgerException("more than " + TrieProof.MAX_NODES + " proof nodes");
                        }
                        out.add(l.readValue());
                    }
                    return out;
                });
                TrieProof proof = new TrieProof(nodes);
                if (!r.isComplete()) {
                    throw new LedgerException("extra fields");
                }
                return new StateProof(Address.of(table), key, value, proof);
            });
        } catch (RuntimeException e) {
            throw new LedgerException("malformed state proof: " + e.getMessage(), e);
        }
        if (!p.encode().equals(rlp)) {
            throw new LedgerException("malformed state proof: not the canonical encoding");
        }
        return p;
    }
}
