package org.tem.ledger.chain;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.tem.api.contract.Contract;
import org.tem.api.contract.Limits;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Secp256k1;
import org.tem.ledger.permission.Permissions;

/**
 * The definition of a chain: its id, the genesis timestamp, the time rules (block period and
 * allowed drift into the future), the consensus parameters, who may send transactions (the
 * operator and the permitted accounts, by public key), which node keys may connect, the
 * contracts registered under their addresses, and initial contract state. Every node of a chain must use an equal genesis; the
 * genesis block's hash commits to all of it: the consensus parameters are the genesis header's
 * consensus data, everything else is in the genesis state (the chain id, the time rules and the
 * contracts' names in the {@linkplain #CHAIN_TABLE chain table}). Immutable.
 *
 * <h2>Time</h2>
 * A block's timestamp must be at least its parent's plus {@link #blockPeriodMillis()}, and at
 * most the importing node's clock plus {@link #maxFutureDriftMillis()}; a block further in the
 * future is held and imported when its time comes. So a validator can put a block's time at most
 * the drift ahead of the honest nodes' clocks, and never before its parent's time plus the
 * period.
 *
 * <p>A contract deadline must leave an honest participant time to see the block that opens the
 * window, act, and get its transaction into a block before the deadline, even when a validator
 * stamps blocks at the edge of the drift. The minimum window is therefore
 * <pre>    W_min = maxFutureDrift + blockPeriod + 2 × networkDelay + computeTime</pre>
 * (the drift a validator may run ahead, one period until the next block, one network delay for
 * the opening block to reach the participant and one for its transaction to reach a validator,
 * and the participant's own computing time). For example a drift of 15 s, a period of 5 s, 2 s of
 * network delay and 1 s of computing give W_min = 25 s. Judging deadlines against the median time
 * of the last floor(N/2)+1 blocks (as {@link org.tem.api.contract.ReadContext#medianTimestamp()}
 * offers) only adds margin: a minority of validators cannot move the median ahead at all.
 */
public final class Genesis {

    /** The default {@link #maxFutureDriftMillis()}: 15 seconds. */
    public static final long DEFAULT_MAX_FUTURE_DRIFT_MILLIS = 15_000;

    /**
     * The address of the chain table in the world state, reserved (no contract may be registered
     * there): {@link #PARAMETERS_KEY} holds {@code rlp(["tem-genesis", chainId, blockPeriodMillis,
     * maxFutureDriftMillis])}, and {@code 'c' || address} the name (UTF-8) of the contract
     * registered at that address, the permissions contract included. Written once, at genesis.
     */
    public static final Address CHAIN_TABLE = Address.fromHexString("0x0000000000000000000000000000000000000002");

    /** The key of the chain parameters in the {@link #CHAIN_TABLE}. */
    public static final byte[] PARAMETERS_KEY = {'p'};

    private final long chainId;
    private final long timestamp;
    private final long blockPeriodMillis;
    private final long maxFutureDriftMillis;
    private final Bytes consensusData;
    private final Address operator;
    private final NavigableMap<Address, Bytes> accounts;
    private final NavigableMap<Address, Bytes> nodeKeys;
    private final NavigableMap<Address, Contract> contracts;
    private final NavigableMap<Address, NavigableMap<byte[], byte[]>> state;

    private Genesis(Builder b) {
        this.chainId = b.chainId;
        this.timestamp = b.timestamp;
        this.blockPeriodMillis = b.blockPeriodMillis;
        this.maxFutureDriftMillis = b.maxFutureDriftMillis;
        this.consensusData = b.consensusData;
        this.operator = Address.fromPublicKey(b.operatorKey);
        TreeMap<Address, Bytes> acc = new TreeMap<>(b.accounts);
        acc.put(operator, b.operatorKey);
        this.accounts = Collections.unmodifiableNavigableMap(acc);
        this.nodeKeys = Collections.unmodifiableNavigableMap(new TreeMap<>(b.nodeKeys));
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
     * @return the least time from a block's parent to the block, milliseconds, at least 0
     */
    public long blockPeriodMillis() {
        return blockPeriodMillis;
    }

    /**
     * @return how far ahead of the importing node's clock a block's timestamp may be before the
     *     block is held, milliseconds, at least 0
     */
    public long maxFutureDriftMillis() {
        return maxFutureDriftMillis;
    }

    /**
     * @return the consensus parameters (for example the initial signers, the epoch, the period
     *     and the finality period of a proof-of-authority chain), opaque to the ledger and
     *     interpreted by the consensus; the genesis header's consensus data
     */
    public Bytes consensusData() {
        return consensusData;
    }

    /**
     * @param contract a registered contract's address
     * @return its key in the {@link #CHAIN_TABLE}: {@code 'c' || address}
     */
    public static byte[] contractNameKey(Address contract) {
        byte[] k = new byte[1 + Address.SIZE];
        k[0] = 'c';
        System.arraycopy(contract.toArray(), 0, k, 1, Address.SIZE);
        return k;
    }

    /**
     * @return the operator's address: the only account that may change the permissions
     */
    public Address operator() {
        return operator;
    }

    /**
     * @return the accounts permitted to send transactions at genesis, the operator's included,
     *     with their 64-byte public keys, sorted, unmodifiable
     */
    public NavigableMap<Address, Bytes> accounts() {
        return accounts;
    }

    /**
     * @return the node keys permitted to connect to the network at genesis, by address ({@link
     *     Address#fromPublicKey}), with their 64-byte public keys, sorted, unmodifiable; empty if
     *     none were listed
     */
    public NavigableMap<Address, Bytes> nodeKeys() {
        return nodeKeys;
    }

    /**
     * @return the registered contracts by address, sorted, unmodifiable (without the
     *     {@link Permissions} system contract, which every chain has)
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
     * id and the operator are set and that initial state belongs to registered contracts. Not
     * thread-safe.
     */
    public static final class Builder {
        private long chainId;
        private long timestamp;
        private long blockPeriodMillis;
        private long maxFutureDriftMillis = DEFAULT_MAX_FUTURE_DRIFT_MILLIS;
        private Bytes consensusData = Bytes.EMPTY;
        private Bytes operatorKey;
        private final TreeMap<Address, Bytes> accounts = new TreeMap<>();
        private final TreeMap<Address, Bytes> nodeKeys = new TreeMap<>();
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
         * @param period the least time from a block's parent to the block, milliseconds, at
         *     least 0 (default 0: blocks may share a timestamp, as on a chain that seals on demand)
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder blockPeriodMillis(long period) {
            if (period < 0) {
                throw new IllegalArgumentException("blockPeriodMillis must be at least 0, was " + period);
            }
            this.blockPeriodMillis = period;
            return this;
        }

        /**
         * @param drift how far ahead of the importing node's clock a block may be stamped before
         *     it is held, milliseconds, at least 0 (default
         *     {@value Genesis#DEFAULT_MAX_FUTURE_DRIFT_MILLIS})
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxFutureDriftMillis(long drift) {
            if (drift < 0) {
                throw new IllegalArgumentException("maxFutureDriftMillis must be at least 0, was " + drift);
            }
            this.maxFutureDriftMillis = drift;
            return this;
        }

        /**
         * @param data the consensus parameters, opaque to the ledger, at most
         *     {@link BlockHeader#MAX_CONSENSUS_DATA_BYTES} bytes (default empty); copied
         * @return this builder
         * @throws IllegalArgumentException if too long
         */
        public Builder consensusData(Bytes data) {
            Objects.requireNonNull(data, "data");
            if (data.size() > BlockHeader.MAX_CONSENSUS_DATA_BYTES) {
                throw new IllegalArgumentException("consensusData must be at most "
                        + BlockHeader.MAX_CONSENSUS_DATA_BYTES + " bytes, was " + data.size());
            }
            this.consensusData = data.copy();
            return this;
        }

        /**
         * Names the operator: the account that alone may add and remove permitted accounts (it is
         * itself permitted and cannot be removed). Required.
         *
         * @param publicKey the operator's 64-byte uncompressed secp256k1 public key (x then y)
         * @return this builder
         * @throws IllegalArgumentException if the key is not a point on the curve
         */
        public Builder operator(Bytes publicKey) {
            this.operatorKey = checkedKey(publicKey);
            return this;
        }

        /**
         * Permits an account to send transactions (a validator, a meter); adding one twice is
         * the same as once.
         *
         * @param publicKey the account's 64-byte uncompressed secp256k1 public key (x then y)
         * @return this builder
         * @throws IllegalArgumentException if the key is not a point on the curve
         */
        public Builder account(Bytes publicKey) {
            Bytes k = checkedKey(publicKey);
            accounts.put(Address.fromPublicKey(k), k);
            return this;
        }

        /**
         * Permits a node key to connect to the network (see {@link Permissions}); adding one
         * twice is the same as once.
         *
         * @param publicKey the node's 64-byte uncompressed secp256k1 public key (x then y)
         * @return this builder
         * @throws IllegalArgumentException if the key is not a point on the curve
         */
        public Builder nodeKey(Bytes publicKey) {
            Bytes k = checkedKey(publicKey);
            nodeKeys.put(Address.fromPublicKey(k), k);
            return this;
        }

        private static Bytes checkedKey(Bytes publicKey) {
            Objects.requireNonNull(publicKey, "publicKey");
            if (!Secp256k1.isValidPublicKey(publicKey)) {
                throw new IllegalArgumentException("not a secp256k1 public key (64 bytes, x then y, on the curve): "
                        + publicKey);
            }
            return publicKey.copy();
        }

        /**
         * @param address where to register the contract; not the zero address (the nonce table),
         *     {@link Permissions#ADDRESS} nor {@link Genesis#CHAIN_TABLE}
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
            if (address.equals(Permissions.ADDRESS)) {
                throw new IllegalArgumentException("address " + address + " is reserved for the permissions contract");
            }
            if (address.equals(CHAIN_TABLE)) {
                throw new IllegalArgumentException("address " + address + " is reserved for the chain table");
            }
            if (contracts.containsKey(address)) {
                throw new IllegalArgumentException("address already has a contract: " + address);
            }
            if (contract.name() == null || contract.name().isBlank()) {
                throw new IllegalArgumentException("contract name must not be blank");
            }
            if (contract.name().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > Limits.MAX_VALUE_BYTES) {
                throw new IllegalArgumentException("contract name longer than " + Limits.MAX_VALUE_BYTES + " bytes");
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
         * @throws IllegalStateException if the chain id or the operator is unset, or state names
         *     an unregistered contract
         */
        public Genesis build() {
            if (chainId == 0) {
                throw new IllegalStateException("chainId must be set");
            }
            if (operatorKey == null) {
                throw new IllegalStateException("the operator must be set");
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
