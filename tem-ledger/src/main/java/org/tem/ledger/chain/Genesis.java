package org.tem.ledger.chain;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import org.tem.api.contract.Contract;
import org.tem.api.contract.Limits;
import org.tem.ledger.crypto.Address;

/**
 * The definition of a chain: its id, the genesis timestamp, the contracts registered under
 * their addresses, and initial contract state. Every node of a chain must use an equal genesis;
 * the genesis block's hash commits to all of it. Immutable.
 */
public final class Genesis {

    private final long chainId;
    private final long timestamp;
    private final NavigableMap<Address, Contract> contracts;
    private final NavigableMap<Address, NavigableMap<byte[], byte[]>> state;

    private Genesis(Builder b) {
        this.chainId = b.chainId;
        this.timestamp = b.timestamp;
        this.contracts = Collections.unmodifiableNavigableMap(new TreeMap<>(b.contracts));
        TreeMap<Address, NavigableMap<byte[], byte[]>> s = new TreeMap<>();
        b.state.forEach((a, m) -> s.put(a, Collections.unmodifiableNavigableMap(m)));
        this.state = Collections.unmodifiableNavigableMap(s);
    }

    /**
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the chain id, positive
     */
    public long chainId() {
        return chainId;
    }

    /**
     * @return the genesis block's timestamp, milliseconds since the epoch
     */
    public long timestamp() {
        return timestamp;
    }

    /**
     * @return the registered contracts by address, sorted, unmodifiable
     */
    public NavigableMap<Address, Contract> contracts() {
        return contracts;
    }

    /**
     * @return the initial state by contract and key (unsigned key order), unmodifiable; the
     *     arrays must not be mutated
     */
    public NavigableMap<Address, NavigableMap<byte[], byte[]>> state() {
        return state;
    }

    /**
     * Builds a {@link Genesis}. Setters validate at once; {@link #build()} checks that the chain
     * id is set and that initial state belongs to registered contracts. Not thread-safe.
     */
    public static final class Builder {
        private long chainId;
        private long timestamp;
        private final TreeMap<Address, Contract> contracts = new TreeMap<>();
        private final TreeMap<Address, NavigableMap<byte[], byte[]>> state = new TreeMap<>();

        private Builder() {
        }

        /**
         * @param chainId the chain id, positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder chainId(long chainId) {
            if (chainId <= 0) {
                throw new IllegalArgumentException("chainId must be positive, was " + chainId);
            }
            this.chainId = chainId;
            return this;
        }

        /**
         * @param timestamp the genesis timestamp in milliseconds since the epoch, at least 0
         *     (default 0)
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder timestamp(long timestamp) {
            if (timestamp < 0) {
                throw new IllegalArgumentException("timestamp must be at least 0, was " + timestamp);
            }
            this.timestamp = timestamp;
            return this;
        }

        /**
         * @param address where to register the contract; not the zero address (reserved)
         * @param contract the contract, with a non-blank name and at least one method
         * @return this builder
         * @throws IllegalArgumentException if the address is zero or taken, or the contract's
         *     name or methods are invalid
         */
        public Builder contract(Address address, Contract contract) {
            Objects.requireNonNull(contract, "contract");
            if (address.equals(Address.ZERO)) {
                throw new IllegalArgumentException("the zero address is reserved for the nonce table");
            }
            if (contracts.containsKey(address)) {
                throw new IllegalArgumentException("address already has a contract: " + address);
            }
            if (contract.name() == null || contract.name().isBlank()) {
                throw new IllegalArgumentException("contract name must not be blank");
            }
            if (contract.methods() == null || contract.methods().isEmpty()) {
                throw new IllegalArgumentException("contract " + contract.name() + " declares no methods");
            }
            contracts.put(address, contract);
            return this;
        }

        /**
         * Sets an initial state entry of a contract.
         *
         * @param address the contract
         * @param key 1 to {@link Limits#MAX_KEY_BYTES} bytes; copied
         * @param value at most {@link Limits#MAX_VALUE_BYTES} bytes; copied
         * @return this builder
         * @throws IllegalArgumentException if the key or value is out of bounds
         */
        public Builder state(Address address, byte[] key, byte[] value) {
            Objects.requireNonNull(address, "address");
            if (key.length == 0 || key.length > Limits.MAX_KEY_BYTES) {
                throw new IllegalArgumentException("key must be 1 to " + Limits.MAX_KEY_BYTES
                        + " bytes, was " + key.length);
            }
            if (value.length > Limits.MAX_VALUE_BYTES) {
                throw new IllegalArgumentException("value must be at most " + Limits.MAX_VALUE_BYTES
                        + " bytes, was " + value.length);
            }
            state.computeIfAbsent(address, a -> new TreeMap<>(Arrays::compareUnsigned))
                    .put(key.clone(), value.clone());
            return this;
        }

        /**
         * @return the genesis
         * @throws IllegalStateException if the chain id is unset or state names an unregistered
         *     contract
         */
        public Genesis build() {
            if (chainId == 0) {
                throw new IllegalStateException("chainId must be set");
            }
            for (Map.Entry<Address, NavigableMap<byte[], byte[]>> e : state.entrySet()) {
                if (!contracts.containsKey(e.getKey())) {
                    throw new IllegalStateException("initial state for unregistered contract " + e.getKey());
                }
            }
            return new Genesis(this);
        }
    }
}
