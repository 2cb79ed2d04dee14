package org.tem.consensus.node;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.tuweni.bytes.Bytes;
import org.tem.consensus.poa.PoaParams;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.crypto.KeyPair;

/** Keys and chain specifications for the {@link TemNode} tests. */
public final class NodeFixture {

    public static final Address TALLY = Address.fromHexString("0x00000000000000000000000000000000000000a1");
    public static final long CHAIN_ID = 11;

    private NodeFixture() {
    }

    public static KeyPair key(String name) {
        byte[] seed = Keccak.hash256(Bytes.wrap(("tem node test: " + name).getBytes(StandardCharsets.UTF_8))).toArray();
        return KeyPair.fromPrivateKey(new BigInteger(1, seed));
    }

    public static KeyPair validator(int i) {
        return key("validator " + i);
    }

    public static KeyPair nodeKey(int i) {
        return key("node " + i);
    }

    public static KeyPair operator() {
        return key("operator");
    }

    public static KeyPair user(int i) {
        return key("user " + i);
    }

    /**
     * A chain of {@code validators} signers, period 0, finality epoch = validators, finality
     * period 200 ms, users 0..3 permitted, node keys 0..nodeKeys-1 listed, the tally contract.
     */
    public static ChainSpec spec(int validators, int nodeKeys) {
        return spec(validators, nodeKeys, 0);
    }

    /** As {@link #spec(int, int)}, with a block period. */
    public static ChainSpec spec(int validators, int nodeKeys, long periodMillis) {
        List<Address> signers = new ArrayList<>();
        for (int i = 0; i < validators; i++) {
            signers.add(validator(i).address());
        }
        List<Bytes> users = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            users.add(user(i).publicKey());
        }
        List<Bytes> nodes = new ArrayList<>();
        for (int i = 0; i < nodeKeys; i++) {
            nodes.add(nodeKey(i).publicKey());
        }
        Map<Bytes, Bytes> state = new TreeMap<>();
        state.put(Bytes.fromHexString("0x7a"), Bytes.ofUnsignedLong(5));
        return new ChainSpec(CHAIN_ID, System.currentTimeMillis() - 1_000, 15_000,
                new PoaParams(signers, 30_000, validators, periodMillis), 200, operator().publicKey(), users, nodes,
                List.of(new ChainSpec.ContractSpec(TALLY, "tally/1", java.util.Optional.of(operator().address()),
                        new TreeMap<>(state))));
    }

    /** Waits (polling) until the condition holds, for at most {@code millis}; returns whether it did. */
    public static boolean await(BooleanSupplier condition, long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
