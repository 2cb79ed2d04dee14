package org.tem.ledger.dev;

import java.math.BigInteger;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.tem.ledger.Validation;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.chain.ConsensusHook;
import org.tem.ledger.chain.HeaderView;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.crypto.Secp256k1;
import org.tem.ledger.crypto.Signature;

/**
 * The dev chain's seal: the validator's signature over the header's sealing hash (which covers the
 * consensus data), 65 bytes {@code r || s || recoveryId}; and the dev chain's consensus hook.
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
     * The dev chain's consensus hook: a header is valid when {@code validator} sealed it (a
     * 65-byte seal over its sealing hash, any consensus data); fork choice follows the highest
     * block, then the lowest hash; and, one trusted sealer never forking, every new head is final
     * at once (so the chain never reorganises, and prunes state as it goes).
     *
     * @param validator the only address allowed to seal
     * @return a hook accepting exactly the seals made by {@code validator}
     */
    public static ConsensusHook verifier(Address validator) {
        java.util.Objects.requireNonNull(validator, "validator");
        return new ConsensusHook() {
            @Override
            public Validation verify(HeaderView chain, BlockHeader header) {
                return check(header, validator);
            }

            @Override
            public int compare(HeaderView chain, BlockHeader a, BlockHeader b) {
                return ConsensusHook.highestThenLowestHash(a, b);
            }

            @Override
            public Hash finalized(HeaderView chain, BlockHeader head) {
                return head.hash();
            }
        };
    }

    private static Validation check(BlockHeader header, Address validator) {
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
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b.length == 33 ? java.util.Arrays.copyOfRange(b, 1, 33) : b;
    }
}
