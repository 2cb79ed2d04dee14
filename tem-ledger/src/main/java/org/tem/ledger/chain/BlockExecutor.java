package org.tem.ledger.chain;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.tem.api.contract.Contract;
import org.tem.api.contract.ContractException;
import org.tem.api.contract.Limits;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.internal.ContractContext;
import org.tem.ledger.internal.Layout;
import org.tem.ledger.internal.Overlay;
import org.tem.ledger.internal.StateRoots;
import org.tem.ledger.merkle.MerkleTree;
import org.tem.ledger.permission.Permissions;
import org.tem.ledger.state.StateProof;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.storage.KeyValueStorage;
import org.tem.ledger.storage.StorageException;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;

/**
 * Executes a list of transactions on top of the committed state, deterministically, and computes
 * the roots: the part of a chain that knows contracts and state but not blocks' history.
 *
 * <p>Per transaction, in order: chain id, the sender on the permissions list (in the state as the
 * block has left it so far), its next nonce, a registered contract, the signature against the
 * sender's listed key; then the call. A transaction failing a check cannot be in a block: the
 * builder leaves it out, an imported block holding it is invalid. A call that throws
 * {@link ContractException} or another {@link RuntimeException}, or breaks a {@link Limits} rule,
 * yields a failed receipt (deterministic: every node reaches it). A call that raises an
 * {@link Error} (out of memory, stack overflow, a linkage problem) did not produce a
 * deterministic outcome: the builder drops the transaction, and an import stops with a local
 * failure instead of judging the block. A storage failure propagates as
 * {@link StorageException}, even if the contract caught it. Not thread-safe (the chain
 * serialises calls).
 */
final class BlockExecutor {

    private static final int MAX_REASON_CHARS = 256;

    private final KeyValueStorage storage;
    private final long chainId;
    private final NavigableMap<Address, Contract> contracts;
    private final NavigableMap<Address, String> names = new TreeMap<>();

    /** The result of executing a list of transactions; nothing of it is committed yet. */
    static final class Execution {
        final List<Transaction> included = new ArrayList<>();
        final List<Receipt> receipts = new ArrayList<>();
        final List<BuiltBlock.Skipped> skipped = new ArrayList<>();
        Overlay overlay;
        Map<Address, Hash> newRoots;
        Hash stateRoot;
        Hash receiptsRoot;
        /** Why an imported block is invalid, or null. */
        String invalid;
        /** Why this node could not execute an imported block (an Error), or null. */
        String localFailure;
        BlockHeader header;
    }

    BlockExecutor(KeyValueStorage storage, Genesis genesis) {
        this.storage = storage;
        this.chainId = genesis.chainId();
        TreeMap<Address, Contract> all = new TreeMap<>(genesis.contracts());
        all.put(Permissions.ADDRESS, new Permissions());
        this.contracts = all;
        names.put(Address.ZERO, Blockchain.NONCES);
        contracts.forEach((a, c) -> names.put(a, c.name()));
    }

    /** @return the contract at an address, or null */
    Contract contract(Address address) {
        return contracts.get(address);
    }

    /** @return the names of the state's parts (nonce table and contracts) by address, sorted */
    NavigableMap<Address, String> names() {
        return names;
    }

    /**
     * @param number the block's number
     * @param timestamp the block's timestamp
     * @param median the median timestamp contracts see
     * @param txs the transactions in order
     * @param building true to leave out what cannot execute, false to stop at it (import)
     * @return the execution
     * @throws StorageException if the store fails
     */
    Execution execute(long number, long timestamp, long median, List<Transaction> txs, boolean building) {
        Execution ex = new Execution();
        Overlay block = new Overlay(storage);
        ex.overlay = block;
        for (int i = 0; i < txs.size(); i++) {
            Transaction tx = txs.get(i);
            String problem = checkExecutable(tx, block);
            if (problem != null) {
                if (building) {
                    ex.skipped.add(new BuiltBlock.Skipped(tx, problem));
                    continue;
                }
                ex.invalid = "transaction " + i + " (" + tx.hash() + "): " + problem;
                return ex;
            }
            Outcome out = call(tx, block, number, timestamp, median);
            if (out.dropped != null) {
                if (building) {
                    ex.skipped.add(new BuiltBlock.Skipped(tx, out.dropped));
                    continue;
                }
                ex.localFailure = "transaction " + i + " (" + tx.hash() + "): " + out.dropped;
                return ex;
            }
            block.put(nonceKey(tx.sender()), longBytes(tx.nonce() + 1));
            ex.included.add(tx);
            ex.receipts.add(out.receipt);
        }
        List<Bytes> receiptLeaves = new ArrayList<>();
        ex.receipts.forEach(r -> receiptLeaves.add(r.encode()));
        ex.receiptsRoot = MerkleTree.root(receiptLeaves);
        computeStateRoot(ex, storage);
        return ex;
    }

    private String checkExecutable(Transaction tx, Overlay state) {
        if (tx.chainId() != chainId) {
            return "wrong chain id: expected " + chainId + ", was " + tx.chainId();
        }
        Optional<byte[]> key = state.get(permissionKey(tx.sender()));
        if (key.isEmpty()) {
            return "sender " + tx.sender() + " is not permitted";
        }
        long expected = readNonce(state.get(nonceKey(tx.sender())));
        if (tx.nonce() < expected) {
            return "nonce too low (replayed): expected " + expected + ", was " + tx.nonce();
        }
        if (tx.nonce() > expected) {
            return "nonce gap: expected " + expected + ", was " + tx.nonce();
        }
        if (expected == Long.MAX_VALUE) {
            return "nonces of " + tx.sender() + " exhausted";
        }
        if (!contracts.containsKey(tx.to())) {
            return "unknown contract " + tx.to();
        }
        if (!tx.verifySignature(Bytes.wrap(key.get()))) {
            return "bad signature: not signed by " + tx.sender();
        }
        return null;
    }

    /** A receipt, or why the transaction was dropped (a non-deterministic failure). */
    private record Outcome(Receipt receipt, String dropped) {
    }

    private Outcome call(Transaction tx, Overlay block, long number, long timestamp, long median) {
        Contract c = contracts.get(tx.to());
        if (!c.methods().contains(tx.method())) {
            return new Outcome(Receipt.failed(tx.hash(), "unknown method " + tx.method() + " of contract "
                    + c.name()), null);
        }
        Overlay staged = block.child();
        ContractContext ctx = new ContractContext(tx.to(), tx.sender(), number, timestamp, median, staged, false);
        byte[] out;
        try {
            out = c.call(ctx, tx.method(), tx.args().toArray());
        } catch (StorageException e) {
            throw e;
        } catch (ContractException e) {
            return failed(tx, ctx, reason(e.getMessage(), "call rejected"));
        } catch (RuntimeException e) {
            return failed(tx, ctx, "contract error: " + e.getClass().getSimpleName());
        } catch (Error e) {
            // Not a property of the transaction: another node (more memory, another stack size)
            // may complete the call. Recording a failed receipt would fork the chain.
            return new Outcome(null, "dropped: the call raised " + e.getClass().getSimpleName()
                    + " on this node, not a deterministic outcome");
        }
        if (ctx.storageFailure() != null) {
            throw ctx.storageFailure();
        }
        if (ctx.violation() != null) {
            return new Outcome(Receipt.failed(tx.hash(), ctx.violation()), null);
        }
        if (out == null) {
            return new Outcome(Receipt.failed(tx.hash(), "contract returned null"), null);
        }
        if (out.length > Limits.MAX_VALUE_BYTES) {
            return new Outcome(Receipt.failed(tx.hash(), "output too large: " + out.length + " bytes"), null);
        }
        staged.mergeIntoParent();
        return new Outcome(new Receipt(tx.hash(), true, "", Bytes.wrap(out.clone()), ctx.events()), null);
    }

    private static Outcome failed(Transaction tx, ContractContext ctx, String reason) {
        if (ctx.storageFailure() != null) {
            throw ctx.storageFailure();
        }
        return new Outcome(Receipt.failed(tx.hash(), reason), null);
    }

    private void computeStateRoot(Execution ex, KeyValueStorage base) {
        Set<Address> touched = new TreeSet<>();
        ex.overlay.forEach((k, v) -> touched.add(Address.of(Arrays.copyOfRange(k, 1, 1 + Address.SIZE))));
        ex.newRoots = new TreeMap<>();
        List<Bytes> leaves = new ArrayList<>();
        for (Map.Entry<Address, String> e : names.entrySet()) {
            Address a = e.getKey();
            Hash root;
            if (touched.contains(a) || base != storage) {
                root = StateRoots.root(StateRoots.entries(base, ex.overlay, a));
                ex.newRoots.put(a, root);
            } else {
                root = storedRoot(a);
            }
            leaves.add(StateProof.contractLeaf(a, e.getValue(), root));
        }
        ex.stateRoot = MerkleTree.root(leaves);
    }

    /**
     * The genesis block's execution: the initial state (the genesis' contract state and the
     * permissions list) over an empty store, and the header whose seal field commits to the chain
     * id and the time rules.
     */
    Execution genesis(Genesis genesis) {
        Execution ex = new Execution();
        InMemoryStorage empty = new InMemoryStorage();
        ex.overlay = new Overlay(empty);
        genesis.state().forEach((a, entries) -> entries.forEach(
                (k, v) -> ex.overlay.put(Layout.key(Layout.STATE, a.toArray(), k), v)));
        ex.overlay.put(Layout.key(Layout.STATE, Permissions.ADDRESS.toArray(), Permissions.operatorKey()),
                genesis.operator().toArray());
        genesis.accounts().forEach((a, key) -> ex.overlay.put(permissionKey(a), key.toArray()));
        ex.receiptsRoot = MerkleTree.EMPTY_ROOT;
        computeStateRoot(ex, empty);
        Bytes params = RLP.encodeList(w -> {
            w.writeString("tem-genesis");
            w.writeLong(genesis.chainId());
            w.writeLong(genesis.blockPeriodMillis());
            w.writeLong(genesis.maxFutureDriftMillis());
        });
        ex.header = new BlockHeader(Hash.ZERO, 0, genesis.timestamp(), MerkleTree.EMPTY_ROOT, ex.stateRoot,
                MerkleTree.EMPTY_ROOT, params);
        return ex;
    }

    /**
     * @param a a contract (or the nonce table)
     * @return its root as committed
     * @throws StorageException if it is missing
     */
    Hash storedRoot(Address a) {
        return storage.get(Layout.key(Layout.ROOT, a.toArray())).map(Hash::of)
                .orElseThrow(() -> new StorageException("no stored root for contract " + a));
    }

    static byte[] nonceKey(Address sender) {
        return Layout.key(Layout.STATE, Address.ZERO.toArray(), sender.toArray());
    }

    static byte[] permissionKey(Address account) {
        return Layout.key(Layout.STATE, Permissions.ADDRESS.toArray(), Permissions.accountKey(account));
    }

    static long readNonce(Optional<byte[]> v) {
        return v.map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L);
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    static String reason(String message, String fallback) {
        String r = message == null || message.isBlank() ? fallback : message;
        return r.length() > MAX_REASON_CHARS ? r.substring(0, MAX_REASON_CHARS) : r;
    }
}
