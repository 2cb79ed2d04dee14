package org.tem.ledger.chain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.tem.api.contract.Contract;
import org.tem.api.contract.ContractException;
import org.tem.api.contract.Limits;
import org.tem.ledger.LedgerException;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.internal.ContractContext;
import org.tem.ledger.internal.Overlay;
import org.tem.ledger.internal.StateReader;
import org.tem.ledger.merkle.MerkleTree;
import org.tem.ledger.permission.Permissions;
import org.tem.ledger.state.StateView;
import org.tem.ledger.storage.StorageException;
import org.tem.ledger.trie.StateLayout;
import org.tem.ledger.trie.StateTables;
import org.tem.ledger.trie.Trie;
import org.tem.ledger.trie.TrieChanges;
import org.tem.ledger.trie.TrieUpdate;
import org.tem.ledger.tx.ParallelVerifier;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;

/**
 * Executes a list of transactions on top of a parent state (any retained state root: the head's
 * or a side block's), deterministically, and computes the roots: the part of a chain that knows
 * contracts and state but not blocks' history.
 *
 * <p>Per transaction, in order: chain id, the sender on the permissions list (in the state as the
 * block has left it so far), its next nonce, a registered contract, the signature against the
 * sender's listed key; then the call. A transaction failing a check cannot be in a block: the
 * builder leaves it out, an imported block holding it is invalid. A call that throws
 * {@link ContractException} or another {@link RuntimeException}, or breaks a {@link Limits} rule,
 * yields a failed receipt (deterministic: every node reaches it). A call that raises an
 * {@link Error} (out of memory, stack overflow, a linkage problem) did not produce a
 * deterministic outcome: the builder drops the transaction, and an import stops with a local
 * failure instead of judging the block. A storage failure (or a state node missing from the
 * store) propagates as {@link StorageException}, even if the contract caught it.
 *
 * <p>State: the block's writes are staged in an {@link Overlay} over the parent's trie; at the
 * end they go into one {@link TrieUpdate} of the parent root, so a block touching k keys costs
 * O(k · depth), whatever the size of the state. Nothing is written to the store here. Thread-safe
 * (no mutable state); each execution is confined to its caller's thread.
 */
final class BlockExecutor {

    private static final int MAX_REASON_CHARS = 256;

    private final StateTables tables;
    private final long chainId;
    private final NavigableMap<Address, Contract> contracts;
    private final NavigableMap<Address, String> names = new TreeMap<>();

    /** The result of executing a list of transactions; nothing of it is committed yet. */
    static final class Execution {
        final List<Transaction> included = new ArrayList<>();
        final List<Receipt> receipts = new ArrayList<>();
        final List<BuiltBlock.Skipped> skipped = new ArrayList<>();
        TrieChanges changes;
        Hash stateRoot;
        Hash receiptsRoot;
        /** Why an imported block is invalid, or null. */
        String invalid;
        /** Why this node could not execute an imported block (an Error), or null. */
        String localFailure;
        BlockHeader header;
    }

    BlockExecutor(StateTables tables, Genesis genesis) {
        this.tables = tables;
        this.chainId = genesis.chainId();
        TreeMap<Address, Contract> all = new TreeMap<>(genesis.contracts());
        all.put(Permissions.ADDRESS, new Permissions());
        this.contracts = all;
        contracts.forEach((a, c) -> names.put(a, c.name()));
    }

    /** @return the contract at an address, or null */
    Contract contract(Address address) {
        return contracts.get(address);
    }

    /** @return the registered contracts' names by address (the permissions contract included), sorted */
    NavigableMap<Address, String> names() {
        return names;
    }

    /**
     * Reads committed state at a root by trie key, turning a missing or undecodable node into a
     * {@link StorageException}: the parent state of an execution must be whole, and a contract
     * must never turn a damaged store into a (replicated) failed receipt.
     */
    StateReader reader(Hash root) {
        return key -> {
            try {
                return tables.store().get(root, key).map(StateLayout::tableValue);
            } catch (StorageException e) {
                throw e;
            } catch (LedgerException e) {
                throw new StorageException("state at " + root + " unreadable: " + e.getMessage(), e);
            }
        };
    }

    /**
     * @param parentRoot the state root to execute on (retained)
     * @param number the block's number
     * @param timestamp the block's timestamp
     * @param median the median timestamp contracts see
     * @param txs the transactions in order
     * @param building true to leave out what cannot execute, false to stop at it (import)
     * @return the execution
     * @throws StorageException if the store fails or the parent state is incomplete
     */
    Execution execute(Hash parentRoot, long number, long timestamp, long median, List<Transaction> txs,
            boolean building) {
        Execution ex = new Execution();
        Overlay block = new Overlay(reader(parentRoot));
        if (!building && txs.size() > 1) {
            // a received block: its signatures checked on all cores before the sequential pass,
            // each against the key its sender has before the block (a key is bound to its
            // address, so a change within the block cannot turn a failure into a success)
            List<Bytes> keys = new ArrayList<>(txs.size());
            for (Transaction tx : txs) {
                keys.add(tx.chainId() != chainId ? null
                        : block.get(StateView.permissionTrieKey(tx.sender())).map(Bytes::wrap).orElse(null));
            }
            ParallelVerifier.verify(txs, keys);
        }
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
            block.put(StateView.nonceTrieKey(tx.sender()), StateView.nonceBytes(tx.nonce() + 1));
            ex.included.add(tx);
            ex.receipts.add(out.receipt);
        }
        List<Bytes> receiptLeaves = new ArrayList<>();
        ex.receipts.forEach(r -> receiptLeaves.add(r.encode()));
        ex.receiptsRoot = MerkleTree.root(receiptLeaves);
        ex.changes = apply(parentRoot, block);
        ex.stateRoot = ex.changes.root();
        return ex;
    }

    private TrieChanges apply(Hash parentRoot, Overlay staged) {
        try {
            TrieUpdate u = tables.store().update(parentRoot);
            staged.applyTo(u);
            return u.changes();
        } catch (StorageException e) {
            throw e;
        } catch (LedgerException e) {
            throw new StorageException("state at " + parentRoot + " unreadable: " + e.getMessage(), e);
        }
    }

    private String checkExecutable(Transaction tx, Overlay state) {
        if (tx.chainId() != chainId) {
            return "wrong chain id: expected " + chainId + ", was " + tx.chainId();
        }
        Optional<byte[]> key = state.get(StateView.permissionTrieKey(tx.sender()));
        if (key.isEmpty()) {
            return "sender " + tx.sender() + " is not permitted";
        }
        long expected = StateView.readNonce(state.get(StateView.nonceTrieKey(tx.sender())));
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

    /**
     * The genesis block's execution: the initial state on the empty trie (the genesis' contract
     * state, the permissions list, the chain table with the chain parameters and the contracts'
     * names), and the header, whose consensus data is the genesis' consensus parameters.
     */
    Execution genesis(Genesis genesis) {
        Execution ex = new Execution();
        TrieUpdate u = tables.store().update(Trie.EMPTY_ROOT);
        genesis.state().forEach((a, entries) -> entries.forEach((k, v) -> StateTables.put(u, a, k, v)));
        StateTables.put(u, Permissions.ADDRESS, Permissions.operatorKey(), genesis.operator().toArray());
        genesis.accounts().forEach((a, key) -> StateTables.put(u, Permissions.ADDRESS, Permissions.accountKey(a),
                key.toArray()));
        genesis.nodeKeys().forEach((a, key) -> StateTables.put(u, Permissions.ADDRESS, Permissions.nodeKeyKey(a),
                key.toArray()));
        StateTables.put(u, Genesis.CHAIN_TABLE, Genesis.PARAMETERS_KEY, RLP.encodeList(w -> {
            w.writeString("tem-genesis");
            w.writeLong(genesis.chainId());
            w.writeLong(genesis.blockPeriodMillis());
            w.writeLong(genesis.maxFutureDriftMillis());
        }).toArrayUnsafe());
        names.forEach((a, name) -> StateTables.put(u, Genesis.CHAIN_TABLE, Genesis.contractNameKey(a),
                name.getBytes(StandardCharsets.UTF_8)));
        ex.changes = u.changes();
        ex.stateRoot = ex.changes.root();
        ex.receiptsRoot = MerkleTree.EMPTY_ROOT;
        ex.header = new BlockHeader(Hash.ZERO, 0, genesis.timestamp(), MerkleTree.EMPTY_ROOT, ex.stateRoot,
                MerkleTree.EMPTY_ROOT, genesis.consensusData(), Bytes.EMPTY);
        return ex;
    }

    static String reason(String message, String fallback) {
        String r = message == null || message.isBlank() ? fallback : message;
        return r.length() > MAX_REASON_CHARS ? r.substring(0, MAX_REASON_CHARS) : r;
    }
}
