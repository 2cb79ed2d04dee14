package org.tem.ledger.trie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.LedgerException;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;

/**
 * Proofs of presence and absence: honest proofs verify to the model's answer without the store;
 * every tampering (a flipped byte, a dropped, added or reordered node, another root) is refused;
 * a proof for one key never proves a wrong answer for another; hostile bytes never throw.
 */
class TrieProofProperties {

    private final TrieProperties ops = new TrieProperties();

    @Provide
    Arbitrary<List<TrieProperties.Op>> ops() {
        return ops.ops();
    }

    /** A trie built from the ops, with its model. */
    private static Hash build(MemorySource s, List<TrieProperties.Op> ops, TreeMap<byte[], byte[]> model) {
        TrieUpdate u = s.update(Trie.EMPTY_ROOT);
        ops.forEach(op -> {
            op.apply(u);
            op.apply(model);
        });
        return s.apply(u);
    }

    private static ProofResult truth(TreeMap<byte[], byte[]> model, byte[] key) {
        byte[] v = model.get(key);
        return v == null ? ProofResult.absent() : ProofResult.present(v);
    }

    private static void assertSameAnswer(ProofResult want, ProofResult got) {
        assertEquals(want.status(), got.status(), got.reason());
        if (want.value().isPresent()) {
            assertArrayEquals(want.value().get().toArrayUnsafe(), got.value().get().toArrayUnsafe());
        }
    }

    private static List<byte[]> probeKeys(TreeMap<byte[], byte[]> model, Random random) {
        List<byte[]> keys = new ArrayList<>(model.keySet());
        for (int i = 0; i < 8; i++) {
            keys.add(TrieProperties.randomKey(random));
        }
        return keys;
    }

    @Property(tries = 200)
    void honestProofsProveTheModelsAnswer_andSurviveEncoding(@ForAll("ops") List<TrieProperties.Op> ops,
            @ForAll long seed) {
        MemorySource s = new MemorySource();
        TreeMap<byte[], byte[]> model = TrieProperties.newModel();
        Hash root = build(s, ops, model);
        for (byte[] key : probeKeys(model, new Random(seed))) {
            TrieProof proof = new TrieProof(Trie.prove(s, root, key).stream().map(Bytes::wrap).toList());
            assertSameAnswer(truth(model, key), proof.verify(root, key));
            TrieProof decoded = TrieProof.decode(proof.encode());
            assertEquals(proof, decoded);
            assertSameAnswer(truth(model, key), decoded.verify(root, key));
        }
    }

    @Property(tries = 200)
    void tamperedProofsAreRefused(@ForAll("ops") List<TrieProperties.Op> ops, @ForAll long seed) {
        MemorySource s = new MemorySource();
        TreeMap<byte[], byte[]> model = TrieProperties.newModel();
        Hash root = build(s, ops, model);
        Random random = new Random(seed);
        for (byte[] key : probeKeys(model, random)) {
            List<Bytes> nodes = new ArrayList<>(Trie.prove(s, root, key).stream().map(Bytes::wrap).toList());
            if (nodes.isEmpty()) {
                assertFalse(new TrieProof(List.of(Bytes.of(0x80))).verify(root, key).valid(), "node under empty root");
                continue;
            }
            // a flipped bit anywhere
            int n = random.nextInt(nodes.size());
            byte[] b = nodes.get(n).toArray();
            b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
            List<Bytes> flipped = new ArrayList<>(nodes);
            flipped.set(n, Bytes.wrap(b));
            assertFalse(new TrieProof(flipped).verify(root, key).valid(), "flipped bit");
            // a node dropped
            List<Bytes> dropped = new ArrayList<>(nodes);
            dropped.remove(random.nextInt(nodes.size()));
            assertFalse(new TrieProof(dropped).verify(root, key).valid(), "dropped node");
            // a node added (a copy of one of its own)
            List<Bytes> added = new ArrayList<>(nodes);
            added.add(nodes.get(random.nextInt(nodes.size())));
            assertFalse(new TrieProof(added).verify(root, key).valid(), "added node");
            // nodes reordered
            if (nodes.size() > 1) {
                List<Bytes> swapped = new ArrayList<>(nodes);
                java.util.Collections.swap(swapped, 0, nodes.size() - 1);
                assertFalse(new TrieProof(swapped).verify(root, key).valid(), "swapped nodes");
            }
            // another root
            assertFalse(new TrieProof(nodes).verify(Keccak.hash256(root.toArray()), key).valid(), "other root");
        }
    }

    @Property(tries = 200)
    void aProofForOneKeyNeverProvesAWrongAnswerForAnother(@ForAll("ops") List<TrieProperties.Op> ops,
            @ForAll long seed) {
        MemorySource s = new MemorySource();
        TreeMap<byte[], byte[]> model = TrieProperties.newModel();
        Hash root = build(s, ops, model);
        Random random = new Random(seed);
        List<byte[]> keys = probeKeys(model, random);
        for (byte[] a : keys) {
            TrieProof proof = new TrieProof(Trie.prove(s, root, a).stream().map(Bytes::wrap).toList());
            byte[] other = keys.get(random.nextInt(keys.size()));
            ProofResult r = proof.verify(root, other);
            if (r.valid()) {
                assertSameAnswer(truth(model, other), r);
            }
        }
    }

    @Property(tries = 500)
    void hostileNodeBytesNeverThrow(@ForAll byte[] node, @ForAll byte[] key) {
        Hash root = Keccak.hash256(node);
        ProofResult r = new TrieProof(List.of(Bytes.wrap(node))).verify(root, key);
        if (r.status() == ProofResult.Status.INVALID) {
            assertFalse(r.reason().isEmpty());
        }
    }

    @Property(tries = 500)
    void hostileProofEncodingsDecodeOrFailWithALedgerException(@ForAll byte[] bytes) {
        try {
            TrieProof p = TrieProof.decode(Bytes.wrap(bytes));
            assertTrue(p.size() <= bytes.length);
        } catch (LedgerException expected) {
            assertTrue(expected.getMessage() != null);
        }
    }

    @Property(tries = 100)
    void mutatedEncodedNodesDecodeOnlyIfCanonical(@ForAll("ops") List<TrieProperties.Op> ops, @ForAll long seed) {
        MemorySource s = new MemorySource();
        build(s, ops, TrieProperties.newModel());
        Random random = new Random(seed);
        for (Map.Entry<Hash, byte[]> e : s.nodes.entrySet()) {
            byte[] b = e.getValue().clone();
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            try {
                Node n = NodeCodec.decode(b, null);
                // A mutation that still decodes must re-encode to exactly the same bytes.
                assertArrayEquals(b, NodeCodec.encode(n, TrieProofProperties::refBytes));
            } catch (LedgerException expected) {
                assertTrue(expected.getMessage().startsWith("malformed trie node"));
            }
        }
    }

    static byte[] refBytes(Ref r) {
        if (r instanceof Ref.HashRef h) {
            return NodeCodec.hashRef(h.hash());
        }
        return NodeCodec.encode((Node) r, TrieProofProperties::refBytes);
    }
}
