package org.tem.ledger.trie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.ledger.LedgerException;
import org.tem.ledger.crypto.Hash;

/** Examples of proofs and of the bounds on decoding untrusted proof bytes. */
class TrieProofTest {

    private static byte[] s(String v) {
        return v.getBytes(StandardCharsets.US_ASCII);
    }

    private static Hash dogs(MemorySource src) {
        TrieUpdate u = src.update(Trie.EMPTY_ROOT);
        u.put(s("doe"), s("reindeer")).put(s("dog"), s("puppy")).put(s("dogglesworth"), s("cat"));
        return src.apply(u);
    }

    @Test
    void presentAndAbsentKeys_areProvenAgainstTheRootAlone() {
        MemorySource src = new MemorySource();
        Hash root = dogs(src);
        TrieProof present = new TrieProof(Trie.prove(src, root, s("dog")).stream().map(Bytes::wrap).toList());
        ProofResult r = present.verify(root, s("dog"));
        assertEquals(ProofResult.Status.PRESENT, r.status());
        assertEquals(Bytes.wrap(s("puppy")), r.value().orElseThrow());
        for (String absent : new String[] {"do", "dogs", "cat", "doggles", ""}) {
            TrieProof p = new TrieProof(Trie.prove(src, root, s(absent)).stream().map(Bytes::wrap).toList());
            assertEquals(ProofResult.Status.ABSENT, p.verify(root, s(absent)).status(), absent);
        }
    }

    @Test
    void theEmptyRoot_provesAbsenceWithNoNodes() {
        assertEquals(ProofResult.Status.ABSENT, new TrieProof(List.of()).verify(Trie.EMPTY_ROOT, s("x")).status());
    }

    @Test
    void decode_refusesInputOverTheBound_beforeReadingIt() {
        Bytes big = Bytes.wrap(new byte[1025]);
        assertThrows(LedgerException.class, () -> TrieProof.decode(big, 1024));
    }

    @Test
    void decode_refusesALengthLongerThanTheInput() {
        // a list header claiming 2^31-1 bytes of payload, followed by nothing
        Bytes claim = Bytes.fromHexString("0xfb7fffffff");
        assertThrows(LedgerException.class, () -> TrieProof.decode(claim));
    }

    @Test
    void decode_refusesMoreThanMaxNodes() {
        NodeCodec.Buf b = new NodeCodec.Buf(16);
        for (int i = 0; i <= TrieProof.MAX_NODES; i++) {
            NodeCodec.writeString(b, new byte[] {1, 2});
        }
        Bytes enc = Bytes.wrap(NodeCodec.list(b));
        assertThrows(LedgerException.class, () -> TrieProof.decode(enc));
        List<Bytes> many = new ArrayList<>();
        for (int i = 0; i <= TrieProof.MAX_NODES; i++) {
            many.add(Bytes.of(1));
        }
        assertThrows(IllegalArgumentException.class, () -> new TrieProof(many));
    }

    @Test
    void decode_refusesNonCanonicalRlp() {
        assertThrows(LedgerException.class, () -> TrieProof.decode(Bytes.fromHexString("0xc28101")), "0x81 0x01");
        assertThrows(LedgerException.class, () -> TrieProof.decode(Bytes.fromHexString("0xf800")), "long form of 0");
        assertThrows(LedgerException.class, () -> TrieProof.decode(Bytes.fromHexString("0xc1c0")), "nested list");
        assertThrows(LedgerException.class, () -> TrieProof.decode(Bytes.fromHexString("0xc0c0")), "trailing bytes");
    }

    @Test
    void aKeyLongerThanTheTrieAllows_isInvalidNotAnError() {
        ProofResult r = new TrieProof(List.of()).verify(Trie.EMPTY_ROOT, new byte[Trie.MAX_KEY_BYTES + 1]);
        assertEquals(ProofResult.Status.INVALID, r.status());
        assertTrue(r.reason().contains("longer"));
    }
}
