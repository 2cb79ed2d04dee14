package org.tem.consensus.network.tcp;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;

/**
 * Which node keys may join: the permissioned node-key list. A node backs it by the list on its
 * chain (so the operator manages it as it does accounts); tests back it by a fixed set. A key is
 * checked when a peer's handshake arrives, and again for every connected peer on {@link
 * TcpTransport#revalidate()}.
 *
 * <p>Called on the transport's network threads, concurrently: an implementation must be
 * thread-safe, must not block, and must not throw.
 */
@FunctionalInterface
public interface NodeKeyPolicy {

    /**
     * @param publicKey a 64-byte uncompressed secp256k1 public key (x then y), already checked
     *     to be a point on the curve
     * @return whether that node key may be a peer now
     */
    boolean allows(Bytes publicKey);

    /**
     * @param publicKeys the keys allowed (copied)
     * @return a policy allowing exactly those keys, for ever
     * @throws NullPointerException if the collection or a key is null
     */
    static NodeKeyPolicy of(Collection<Bytes> publicKeys) {
        Set<Bytes> keys = Set.copyOf(Objects.requireNonNull(publicKeys, "publicKeys"));
        return keys::contains;
    }
}
