package org.tem.ledger.dev;

import java.math.BigInteger;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.tem.ledger.Validation;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.chain.SealVerifier;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.crypto.Secp256k1;
import org.tem.ledger.crypto.Signature;

/**
 * The dev chain's seal: the validator's signature over the header's sealing hash, 65 bytes
 * {@code r || s || recoveryId}.
 */
public final class DevSeal {

    private DevSeal() {
    }

    /**
     * @param header an unsealed header
     * @param validator the validator's key
     * @return the header with the seal set
     */
    public static BlockHeader seal(BlockHeader header, KeyPair validator) {
        Signature sig = validator.sign(header.sealingHash());
        Bytes seal = Bytes.concatenate(Bytes32.leftPad(Bytes.wrap(unsigned(sig.r()))),
                Bytes32.leftPad(Bytes.wrap(unsigned(sig.s()))), Bytes.of(sig.recoveryId()));
        return header.withSeal(seal);
    }

    /**
     * @param validator the only address allowed to seal
     * @return a verifier accepting exactly the seals made by {@code validator}
     */
    public static SealVerifier verifier(Address validator) {
        return (header, parent) -> {
            Bytes seal = header.seal();
            if (seal.size() != 65) {
                return Validation.invalid("dev seal must be 65 bytes, was " + seal.size());
            }
            Signature sig;
            try {
                sig = new Signature(seal.slice(0, 32).toUnsignedBigInteger(),
                        seal.slice(32, 32).toUnsignedBigInteger(), seal.get(64));
            } catch (IllegalArgumentException e) {
                return Validation.invalid("malformed dev seal: " + e.getMessage());
            }
            Optional<Bytes> key = Secp256k1.recover(header.sealingHash(), sig);
            if (key.isEmpty() || !Address.fromPublicKey(key.get()).equals(validator)) {
                return Validation.invalid("not sealed by the dev validator " + validator);
            }
            return Validation.ok();
        };
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b.length == 33 ? java.util.Arrays.copyOfRange(b, 1, 33) : b;
    }
}
