package org.tem.consensus.network.tcp;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.tem.consensus.network.MalformedMessageException;
import org.tem.consensus.network.Message;
import org.tem.consensus.network.Status;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.crypto.Secp256k1;
import org.tem.ledger.crypto.Signature;

/**
 * The handshake's frames and the signed transcript.
 *
 * <p>Each side sends {@link Hello} (its node key, a fresh 32-byte random challenge and its
 * {@link Status}) as soon as the connection opens. On the peer's hello, a side checks the chain
 * id, genesis and node key, then sends its AUTH: a signature with its node key over {@link
 * #transcript}, which binds a domain tag, the chain id and genesis, the signer's key and the
 * verifier's key in that order, the verifier's challenge and the signer's own. A recorded
 * signature is worthless on a later connection (the verifier's challenge is fresh), and one made
 * for a connection in one direction cannot be reflected back (the keys' order differs, and a
 * peer presenting the verifier's own key is refused).
 */
final class Handshake {

    /** The version of this handshake; a hello with another is refused. */
    static final int VERSION = 1;

    /** The challenge's length, in bytes. */
    static final int NONCE_BYTES = 32;

    /** A public key's length (uncompressed, without the 0x04 prefix), in bytes. */
    static final int KEY_BYTES = 64;

    /** A signature's encoding: r (32), s (32), recovery id (1). */
    static final int SIGNATURE_BYTES = 65;

    private static final Bytes DOMAIN = Bytes.wrap("tem/tcp-handshake/1".getBytes(StandardCharsets.US_ASCII));

    private Handshake() {
    }

    /**
     * The first frame's body.
     *
     * @param publicKey the sender's 64-byte node key
     * @param nonce the sender's fresh challenge, 32 bytes
     * @param status the sender's chain and head
     */
    record Hello(Bytes publicKey, Bytes nonce, Status status) {

        Bytes encode() {
            return RLP.encodeList(w -> {
                w.writeInt(VERSION);
                w.writeValue(publicKey);
                w.writeValue(nonce);
                w.writeValue(status.encode());
            });
        }

        /**
         * @param body untrusted bytes, at most {@link Frames#HANDSHAKE_MAX_BYTES}
         * @return the hello
         * @throws MalformedMessageException if they are not a hello of this version
         */
        static Hello decode(Bytes body) {
            Hello h;
            try {
                h = RLP.decodeList(body, r -> {
                    int version = r.readInt();
                    if (version != VERSION) {
                        throw new MalformedMessageException("handshake version " + version + ", expected " + VERSION);
                    }
                    Bytes key = r.readValue();
                    Bytes nonce = r.readValue();
                    Message m = Message.decode(r.readValue());
                    if (!r.isComplete()) {
                        throw new MalformedMessageException("extra fields in hello");
                    }
                    if (key.size() != KEY_BYTES || nonce.size() != NONCE_BYTES) {
                        throw new MalformedMessageException("hello key or challenge of the wrong length");
                    }
                    if (!(m instanceof Status s)) {
                        throw new MalformedMessageException("hello without a status");
                    }
                    return new Hello(key, nonce, s);
                });
            } catch (MalformedMessageException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new MalformedMessageException("malformed hello: " + e.getMessage());
            }
            if (!h.encode().equals(body)) {
                throw new MalformedMessageException("hello not in its canonical encoding");
            }
            return h;
        }
    }

    /**
     * The hash a side signs to prove its node key to the other.
     *
     * @param chainId the chain's id
     * @param genesis the genesis hash
     * @param signerKey the signing side's public key
     * @param verifierKey the other side's public key
     * @param verifierNonce the challenge the other side sent
     * @param signerNonce the challenge the signing side sent
     * @return the Keccak-256 of the domain tag and the fields, each of fixed length
     */
    static Hash transcript(long chainId, Hash genesis, Bytes signerKey, Bytes verifierKey, Bytes verifierNonce,
            Bytes signerNonce) {
        return Keccak.hash256(Bytes.concatenate(DOMAIN, Bytes.ofUnsignedLong(chainId), genesis.toBytes(), signerKey,
                verifierKey, verifierNonce, signerNonce));
    }

    /**
     * @return the 65-byte signature over the transcript
     */
    static Bytes sign(KeyPair key, long chainId, Hash genesis, Bytes verifierKey, Bytes verifierNonce,
            Bytes signerNonce) {
        Signature s = key.sign(transcript(chainId, genesis, key.publicKey(), verifierKey, verifierNonce, signerNonce));
        return Bytes.concatenate(bytes32(s.r()), bytes32(s.s()), Bytes.of(s.recoveryId()));
    }

    /**
     * @param signature an untrusted AUTH body
     * @return whether it is {@code signerKey}'s signature over the transcript
     */
    static boolean verify(Bytes signature, long chainId, Hash genesis, Bytes signerKey, Bytes verifierKey,
            Bytes verifierNonce, Bytes signerNonce) {
        if (signature.size() != SIGNATURE_BYTES) {
            return false;
        }
        Signature s;
        try {
            s = new Signature(signature.slice(0, 32).toUnsignedBigInteger(), signature.slice(32, 32).toUnsignedBigInteger(),
                    signature.get(64));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return Secp256k1.verifyRecoverable(transcript(chainId, genesis, signerKey, verifierKey, verifierNonce,
                signerNonce), s, signerKey);
    }

    private static Bytes bytes32(BigInteger v) {
        Bytes b = Bytes.wrap(v.toByteArray()).trimLeadingZeros();
        return Bytes.concatenate(Bytes.wrap(new byte[32 - b.size()]), b);
    }
}
