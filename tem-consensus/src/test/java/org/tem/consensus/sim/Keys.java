package org.tem.consensus.sim;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.crypto.Secp256k1;

/** Deterministic test keys: the same seed and index give the same key. */
public final class Keys {

    private Keys() {
    }

    public static KeyPair key(long seed, int index) {
        Bytes material = Bytes.concatenate(Bytes.wrap("tem-sim-key".getBytes(StandardCharsets.US_ASCII)),
                Bytes.ofUnsignedLong(seed), Bytes.ofUnsignedInt(index));
        BigInteger d = Keccak.hash256(material).toBytes().toUnsignedBigInteger()
                .mod(Secp256k1.N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
        return KeyPair.fromPrivateKey(d);
    }
}
