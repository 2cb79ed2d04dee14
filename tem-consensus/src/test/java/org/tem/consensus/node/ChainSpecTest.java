package org.tem.consensus.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.consensus.poa.PoaParams;
import org.tem.ledger.chain.Blockchain;
import org.tem.ledger.chain.ConsensusHook;
import org.tem.ledger.chain.Genesis;
import org.tem.ledger.permission.Permissions;
import org.tem.ledger.storage.InMemoryStorage;

/** The chain specification file: round trips, the genesis it defines, and strict refusal of hostile files. */
class ChainSpecTest {

    private static final ChainSpec SPEC = NodeFixture.spec(3, 2);

    private static String json() {
        return new String(SPEC.toJson(), StandardCharsets.UTF_8);
    }

    private static String error(String json) {
        return assertThrows(ChainSpecException.class, () -> ChainSpec.parse(json.getBytes(StandardCharsets.UTF_8)))
                .getMessage();
    }

    @Test
    void aSpecWrittenAndReadBackIsEqualAndDefinesTheSameGenesis() {
        ChainSpec back = ChainSpec.parse(SPEC.toJson());
        assertEquals(SPEC, back);
        assertArrayEquals(SPEC.toJson(), back.toJson());
        Genesis g = back.genesis();
        assertEquals(NodeFixture.CHAIN_ID, g.chainId());
        assertEquals(SPEC.poa(), PoaParams.decode(g.consensusData()));
        assertEquals(2, g.nodeKeys().size());
        assertEquals(5, g.accounts().size(), "four users and the operator");
        Blockchain a = Blockchain.open(new InMemoryStorage(), SPEC.genesis(), ConsensusHook.acceptAll());
        Blockchain b = Blockchain.open(new InMemoryStorage(), g, ConsensusHook.acceptAll());
        assertEquals(a.genesisHash(), b.genesisHash());
        assertEquals(NodeFixture.operator().address().toBytes(),
                b.reader().get(NodeFixture.TALLY, Bytes.wrap(TallyFactory.OPERATOR)).orElseThrow(),
                "the contract's operator is written under its factory's key");
        assertEquals(Bytes.ofUnsignedLong(5), b.reader().get(NodeFixture.TALLY, Bytes.fromHexString("0x7a")).orElseThrow());
        assertEquals(NodeFixture.nodeKey(1).publicKey(), b.query(Permissions.ADDRESS, Permissions.QUERY_NODE_KEY,
                NodeFixture.nodeKey(1).address().toBytes()).output());
    }

    @Test
    void theOptionalFieldsTakeTheirDefaults() {
        String min = "{\"format\":\"tem-chain-spec/1\",\"chainId\":3,\"genesisTimestamp\":0,"
                + "\"poa\":{\"signers\":[\"" + NodeFixture.validator(0).address() + "\"],\"epoch\":10,"
                + "\"finalityEpoch\":1,\"periodMillis\":0,\"finalityPeriodMillis\":1000},"
                + "\"operator\":\"" + NodeFixture.operator().publicKey() + "\"}";
        ChainSpec s = ChainSpec.parse(min.getBytes(StandardCharsets.UTF_8));
        assertEquals(Genesis.DEFAULT_MAX_FUTURE_DRIFT_MILLIS, s.maxFutureDriftMillis());
        assertTrue(s.accounts().isEmpty() && s.nodeKeys().isEmpty() && s.contracts().isEmpty());
    }

    @Test
    void unknownFieldsWrongTypesAndOutOfRangeValuesAreRefusedNamingTheField() {
        String j = json();
        assertTrue(error(j.replace("\"chainId\"", "\"chainID\"")).startsWith("chainID: unknown field"));
        assertTrue(error(j.replace("\"epoch\" :", "\"epochs\" :")).startsWith("poa.epochs: unknown field"));
        assertEquals("chainId: must be an integer, was a string", error(j.replace("\"chainId\" : 11", "\"chainId\" : \"11\"")));
        assertEquals("chainId: must be in [1, 9223372036854775807], was 0", error(j.replace("\"chainId\" : 11", "\"chainId\" : 0")));
        assertEquals("chainId: must be in [1, 9223372036854775807], was 99999999999999999999",
                error(j.replace("\"chainId\" : 11", "\"chainId\" : 99999999999999999999")));
        assertEquals("poa.periodMillis: must be an integer, was the number 1.5",
                error(j.replace("\"periodMillis\" : 0", "\"periodMillis\" : 1.5")));
        assertEquals("poa.finalityPeriodMillis: must be in [1, 86400000], was 0",
                error(j.replace("\"finalityPeriodMillis\" : 200", "\"finalityPeriodMillis\" : 0")));
        assertEquals("format: must be \"tem-chain-spec/1\", was \"tem-chain-spec/2\"",
                error(j.replace("tem-chain-spec/1", "tem-chain-spec/2")));
        String noOperator = j.replaceFirst("\"operator\" : \"0x[0-9a-f]+\",", "");
        assertEquals("operator: required", error(noOperator));
    }

    @Test
    void malformedKeysAndAddressesAreRefusedNamingTheField() {
        String j = json();
        String user1 = NodeFixture.user(1).publicKey().toHexString();
        assertEquals("accounts[1]: not a secp256k1 public key (64 bytes, x then y, on the curve)",
                error(j.replace(user1, "0x" + "00".repeat(64))));
        assertTrue(error(j.replace(user1, user1.substring(0, 40))).startsWith("accounts[1]: must be 0x-prefixed hex of 64 to 64 bytes"));
        assertTrue(error(j.replace(user1, "0xzz")).startsWith("accounts[1]: must be 0x-prefixed hex"));
        assertEquals("accounts[1]: listed twice", error(j.replace(user1, NodeFixture.user(0).publicKey().toHexString())));
        String signer = NodeFixture.validator(1).address().toHexString();
        assertTrue(error(j.replace(signer, signer + "00")).startsWith("poa.signers[" + SPEC.poa().signers().indexOf(NodeFixture.validator(1).address()) + "]: must be 0x-prefixed hex of 20 to 20 bytes"));
        assertEquals("contracts[0].address: " + Permissions.ADDRESS + " is reserved",
                error(j.replace("\"address\" : \"" + NodeFixture.TALLY, "\"address\" : \"" + Permissions.ADDRESS)));
        ChainSpec unknown = ChainSpec.parse(j.replace("tally/1", "nosuch/1").getBytes(StandardCharsets.UTF_8));
        assertTrue(assertThrows(ChainSpecException.class, unknown::genesis).getMessage()
                .startsWith("contracts[0].name: no contract factory named \"nosuch/1\" is installed (installed: "),
                "an unknown contract name is refused when the genesis is built");
    }

    @Test
    void hostileFilesAreRefusedWithinTheirBounds() {
        assertTrue(error("{\"format\":\"tem-chain-spec/1\",\"format\":\"tem-chain-spec/1\"}").startsWith("not valid JSON: Duplicate field"));
        assertTrue(error(json() + " {}").startsWith("not valid JSON"), "trailing tokens");
        assertTrue(error("[".repeat(100)).startsWith("not valid JSON"), "nesting deeper than the bound");
        assertEquals("(root): must be an object, was array", error("[]"));
        assertTrue(error("{").startsWith("not valid JSON"));
        byte[] huge = new byte[ChainSpec.MAX_FILE_BYTES + 1];
        assertEquals("chain spec larger than " + ChainSpec.MAX_FILE_BYTES + " bytes",
                assertThrows(ChainSpecException.class, () -> ChainSpec.parse(huge)).getMessage());
        StringBuilder many = new StringBuilder(json().replace("\"nodeKeys\" : [", "\"nodeKeys\" : [" + "\"0x00\",".repeat(ChainSpec.MAX_NODE_KEYS)));
        assertEquals("nodeKeys: " + (ChainSpec.MAX_NODE_KEYS + 2) + " entries, limit " + ChainSpec.MAX_NODE_KEYS,
                error(many.toString()));
        assertTrue(error(json().replace("\"0x7a\" : \"", "\"0x\" : \"")).startsWith("contracts[0].state[\"0x\"] (key): must be 0x-prefixed hex of 1 to"));
    }

    @Test
    void theConstructorChecksWhatTheFileReaderChecks() {
        assertThrows(IllegalArgumentException.class, () -> new ChainSpec(0, 0, 0, SPEC.poa(), 1, SPEC.operator(),
                SPEC.accounts(), SPEC.nodeKeys(), SPEC.contracts()));
        assertThrows(IllegalArgumentException.class, () -> new ChainSpec(1, 0, 0, SPEC.poa(), 0, SPEC.operator(),
                SPEC.accounts(), SPEC.nodeKeys(), SPEC.contracts()));
        assertThrows(IllegalArgumentException.class, () -> new ChainSpec(1, 0, 0, SPEC.poa(), 1,
                Bytes.wrap(new byte[64]), SPEC.accounts(), SPEC.nodeKeys(), SPEC.contracts()));
    }
}
