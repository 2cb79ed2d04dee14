package org.tem.ledger.trie;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.ledger.crypto.Hash;

/**
 * Known answers: the roots of Ethereum's trie test vectors ({@code TrieTests/trietest.json} and
 * {@code trieanyorder.json} of the ethereum/tests repository, commit 7d66cbf). Keys and values are
 * ASCII unless written as {@code 0x} hex; a {@code null} value deletes. The trie core is
 * Ethereum's (no key hashing), so the roots must match exactly.
 */
class EthereumTrieVectorsTest {

    private static byte[] b(String s) {
        return s.startsWith("0x") ? Bytes.fromHexString(s).toArrayUnsafe() : s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Applies ordered (key, value-or-null) pairs one update each and returns the root. */
    private static Hash sequence(String[][] ops) {
        MemorySource s = new MemorySource();
        Hash root = Trie.EMPTY_ROOT;
        for (String[] op : ops) {
            TrieUpdate u = s.update(root);
            if (op[1] == null) {
                u.delete(b(op[0]));
            } else {
                u.put(b(op[0]), b(op[1]));
            }
            root = s.apply(u);
        }
        return root;
    }

    /** Applies the pairs as one batch. */
    private static Hash batch(String[][] ops) {
        MemorySource s = new MemorySource();
        TrieUpdate u = s.update(Trie.EMPTY_ROOT);
        for (String[] op : ops) {
            if (op[1] == null) {
                u.delete(b(op[0]));
            } else {
                u.put(b(op[0]), b(op[1]));
            }
        }
        return s.apply(u);
    }

    private static void assertRoot(String expected, String[][] ops) {
        Hash want = Hash.fromHexString(expected);
        assertEquals(want, sequence(ops), "one update per operation");
        assertEquals(want, batch(ops), "all operations in one update");
    }

    @Test
    void trietest_emptyValues() {
        assertRoot("0x5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84", new String[][] {
            {"do", "verb"}, {"ether", "wookiedoo"}, {"horse", "stallion"}, {"shaman", "horse"},
            {"doge", "coin"}, {"ether", null}, {"dog", "puppy"}, {"shaman", null}});
    }

    @Test
    void trietest_branchingTests_insertThenDeleteAllGivesTheEmptyRoot() {
        String[] keys = {"0x04110d816c380812a427968ece99b1c963dfbce6", "0x095e7baea6a6c7c4c2dfeb977efac326af552d87",
            "0x0a517d755cebbf66312b30fff713666a9cb917e0", "0x24dd378f51adc67a50e339e8031fe9bd4aafab36",
            "0x293f982d000532a7861ab122bdc4bbfd26bf9030", "0x2cf5732f017b0cf1b1f13a1478e10239716bf6b5",
            "0x31c640b92c21a1f1465c91070b4b3b4d6854195f", "0x37f998764813b136ddf5a754f34063fd03065e36",
            "0x37fa399a749c121f8a15ce77e3d9f9bec8020d7a", "0x4f36659fa632310b6ec438dea4085b522a2dd077",
            "0x62c01474f089b07dae603491675dc5b5748f7049", "0x729af7294be595a0efd7d891c9e51f89c07950c7",
            "0x83e3e5a16d3b696a0314b30b2534804dd5e11197", "0x8703df2417e0d7c59d063caa9583cb10a4d20532",
            "0x8dffcd74e5b5923512916c6a64b502689cfa65e1", "0x95a4d7cccb5204733874fa87285a176fe1e9e240",
            "0x99b2fcba8120bedd048fe79f5262a6690ed38c39", "0xa4202b8b8afd5354e3e40a219bdc17f6001bf2cf",
            "0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b", "0xa9647f4a0a14042d91dc33c0328030a7157c93ae",
            "0xaa6cffe5185732689c18f37a7f86170cb7304c2a", "0xaae4a2e3c51c04606dcb3723456e58f3ed214f45",
            "0xc37a43e940dfb5baf581a0b82b351d48305fc885", "0xd2571607e241ecf590ed94b12d87c94babe36db6",
            "0xf735071cbee190d76b704ce68384fc21e389fbe7"};
        List<String[]> ops = new ArrayList<>();
        for (String k : keys) {
            ops.add(new String[] {k, "something"});
        }
        for (String k : keys) {
            ops.add(new String[] {k, null});
        }
        assertRoot("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421", ops.toArray(String[][]::new));
    }

    @Test
    void trietest_jeff() {
        assertRoot("0x9f6221ebb8efe7cff60a716ecb886e67dd042014be444669f0159d8e68b42100", new String[][] {
            {"0x0000000000000000000000000000000000000000000000000000000000000045", "0x22b224a1420a802ab51d326e29fa98e34c4f24ea"},
            {"0x0000000000000000000000000000000000000000000000000000000000000046", "0x67706c2076330000000000000000000000000000000000000000000000000000"},
            {"0x0000000000000000000000000000000000000000000000000000001234567890", "0x697c7b8c961b56f675d570498424ac8de1a918f6"},
            {"0x000000000000000000000000697c7b8c961b56f675d570498424ac8de1a918f6", "0x1234567890"},
            {"0x0000000000000000000000007ef9e639e2733cb34e4dfc576d4b23f72db776b2", "0x4655474156000000000000000000000000000000000000000000000000000000"},
            {"0x000000000000000000000000ec4f34c97e43fbb2816cfd95e388353c7181dab1", "0x4e616d6552656700000000000000000000000000000000000000000000000000"},
            {"0x4655474156000000000000000000000000000000000000000000000000000000", "0x7ef9e639e2733cb34e4dfc576d4b23f72db776b2"},
            {"0x4e616d6552656700000000000000000000000000000000000000000000000000", "0xec4f34c97e43fbb2816cfd95e388353c7181dab1"},
            {"0x0000000000000000000000000000000000000000000000000000001234567890", null},
            {"0x000000000000000000000000697c7b8c961b56f675d570498424ac8de1a918f6", "0x6f6f6f6820736f2067726561742c207265616c6c6c793f000000000000000000"},
            {"0x6f6f6f6820736f2067726561742c207265616c6c6c793f000000000000000000", "0x697c7b8c961b56f675d570498424ac8de1a918f6"}});
    }

    @Test
    void trietest_insertMiddleLeaf() {
        assertRoot("0xcb65032e2f76c48b82b5c24b3db8f670ce73982869d38cd39a624f23d62a9e89", new String[][] {
            {"key1aa", "0123456789012345678901234567890123456789xxx"},
            {"key1", "0123456789012345678901234567890123456789Very_Long"},
            {"key2bb", "aval3"}, {"key2", "short"}, {"key3cc", "aval3"},
            {"key3", "1234567890123456789012345678901"}});
    }

    @Test
    void trietest_branchValueUpdate() {
        assertRoot("0x7a320748f780ad9ad5b0837302075ce0eeba6c26e3d8562c67ccc0f1b273298a", new String[][] {
            {"abc", "123"}, {"abcd", "abcd"}, {"abc", "abc"}});
    }

    /** trieanyorder.json: the root of a key set in every tested insertion order. */
    private static void assertAnyOrder(String expected, String[][] entries) {
        List<String[]> list = new ArrayList<>(Arrays.asList(entries));
        Random random = new Random(7);
        for (int round = 0; round < 6; round++) {
            assertRoot(expected, list.toArray(String[][]::new));
            Collections.shuffle(list, random);
        }
        TreeMap<byte[], byte[]> map = new TreeMap<>(Arrays::compareUnsigned);
        for (String[] e : entries) {
            map.put(b(e[0]), b(e[1]));
        }
        assertEquals(Hash.fromHexString(expected), ScratchTrie.root(map), "the from-scratch oracle");
    }

    @Test
    void trieanyorder_singleItem() {
        assertAnyOrder("0xd23786fb4a010da3ce639d66d5e904a11dbc02746d1ce25029e53290cabf28ab", new String[][] {
            {"A", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}});
    }

    @Test
    void trieanyorder_dogs() {
        assertAnyOrder("0x8aad789dff2f538bca5d8ea56e8abe10f4c7ba3a5dea95fea4cd6e7c3a1168d3", new String[][] {
            {"doe", "reindeer"}, {"dog", "puppy"}, {"dogglesworth", "cat"}});
    }

    @Test
    void trieanyorder_puppy() {
        assertAnyOrder("0x5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84", new String[][] {
            {"do", "verb"}, {"horse", "stallion"}, {"doge", "coin"}, {"dog", "puppy"}});
    }

    @Test
    void trieanyorder_foo() {
        assertAnyOrder("0x17beaa1648bafa633cda809c90c04af50fc8aed3cb40d16efbddee6fdf63c4c3", new String[][] {
            {"foo", "bar"}, {"food", "bass"}});
    }

    @Test
    void trieanyorder_smallValues() {
        assertAnyOrder("0x3f67c7a47520f79faa29255d2d3c084a7a6df0453116ed7232ff10277a8be68b", new String[][] {
            {"be", "e"}, {"dog", "puppy"}, {"bed", "d"}});
    }

    @Test
    void trieanyorder_testy() {
        assertAnyOrder("0x8452568af70d8d140f58d941338542f645fcca50094b20f3c3d8c3df49337928", new String[][] {
            {"test", "test"}, {"te", "testy"}});
    }

    @Test
    void trieanyorder_hex() {
        assertAnyOrder("0x285505fcabe84badc8aa310e2aae17eddc7d120aabec8a476902c8184b3a3503", new String[][] {
            {"0x0045", "0x0123456789"}, {"0x4500", "0x9876543210"}});
    }

    @Test
    void emptyTrie_hasEthereumsEmptyRoot() {
        assertEquals(Hash.fromHexString("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"),
                Trie.EMPTY_ROOT);
    }
}
