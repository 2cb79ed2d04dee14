package org.tem.ledger.permission;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.tem.api.contract.CallContext;
import org.tem.api.contract.Contract;
import org.tem.api.contract.ContractException;
import org.tem.api.contract.ReadContext;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Secp256k1;

/**
 * The permissioning system contract, modelled on Hyperledger Besu's account and node
 * allow-lists: the accounts that may send transactions, each with its public key; the node keys
 * that may connect to the network; and the operator who alone may change both lists. Every chain has it, registered at {@link #ADDRESS}; its state is part of the
 * world state (so every node agrees on it and a proof can show it) and its initial content comes
 * from the genesis.
 *
 * <p>The chain consults the list before executing a transaction: a sender that is not on it at
 * that point of the block is refused (by the mempool at once, by the block builder by leaving the
 * transaction out, and on import by rejecting the block), and a permitted sender's signature is
 * verified against the key stored here.
 *
 * <p>Calls (operator only; anyone else gets a failed receipt):
 * <ul>
 *   <li>{@value #ADD_ACCOUNT}{@code (rlp([publicKey]))}: permit the account of a 64-byte
 *       uncompressed secp256k1 public key (x then y); emits {@code AccountAdded(address)}.
 *   <li>{@value #REMOVE_ACCOUNT}{@code (rlp([address]))}: withdraw a 20-byte address; the
 *       operator cannot remove itself; emits {@code AccountRemoved(address)}.
 *   <li>{@value #ADD_NODE_KEY}{@code (rlp([publicKey]))}: permit a node key (a 64-byte
 *       uncompressed secp256k1 public key) to connect to the network; emits {@code
 *       NodeKeyAdded(address)}, the key's address.
 *   <li>{@value #REMOVE_NODE_KEY}{@code (rlp([address]))}: withdraw the node key of a 20-byte
 *       address; nodes then disconnect it; emits {@code NodeKeyRemoved(address)}.
 * </ul>
 * Each call takes exactly one RLP value in a list; a call that fails (wrong sender, malformed
 * arguments, a key not on the curve, adding a member twice, removing one that is absent) changes
 * no state.
 *
 * <p>Queries: {@value #QUERY_ACCOUNT}{@code (address)} answers the account's 64-byte public key
 * (or fails if it is not permitted); {@value #QUERY_NODE_KEY}{@code (address)} likewise for a node
 * key; {@value #QUERY_OPERATOR}{@code ()} answers the operator's address.
 *
 * <p>State layout, one byte of list tag then the member's address: {@code 'a' + address} →
 * public key for accounts; {@code 'n' + address} → public key for node keys ({@link
 * #NODE_KEY_PREFIX}, so a node reads the whole list with one prefix scan); {@code 'o'} → the
 * operator's address.
 *
 * <p>Stateless and thread-safe, like every contract.
 */
public final class Permissions implements Contract {

    /** The address every chain registers this contract under. */
    public static final Address ADDRESS = Address.fromHexString("0x0000000000000000000000000000000000000001");

    /** The contract's name, part of the genesis state. */
    public static final String NAME = "permissions/1";

    /** The call that permits an account. */
    public static final String ADD_ACCOUNT = "addAccount";

    /** The call that withdraws an account. */
    public static final String REMOVE_ACCOUNT = "removeAccount";

    /** The call that permits a node key. */
    public static final String ADD_NODE_KEY = "addNodeKey";

    /** The call that withdraws a node key. */
    public static final String REMOVE_NODE_KEY = "removeNodeKey";

    /** The query that answers a permitted node key by its address. */
    public static final String QUERY_NODE_KEY = "nodeKey";

    /** The query that answers a permitted account's public key. */
    public static final String QUERY_ACCOUNT = "account";

    /** The query that answers the operator's address. */
    public static final String QUERY_OPERATOR = "operator";

    private static final byte ACCOUNTS = 'a';
    private static final byte NODE_KEYS = 'n';
    private static final byte[] OPERATOR = {'o'};

    /** The state-key prefix of the node-key list: every entry is this byte then an address. */
    public static final byte NODE_KEY_PREFIX = NODE_KEYS;

    /** Creates the contract (stateless). */
    public Permissions() {
    }

    /**
     * @param account an address
     * @return the key of the account's entry in this contract's state
     */
    public static byte[] accountKey(Address account) {
        return tagged(ACCOUNTS, account);
    }

    /**
     * @param nodeKey the address of a node key ({@link Address#fromPublicKey})
     * @return the key of the node key's entry in this contract's state
     */
    public static byte[] nodeKeyKey(Address nodeKey) {
        return tagged(NODE_KEYS, nodeKey);
    }

    private static byte[] tagged(byte tag, Address a) {
        byte[] k = new byte[1 + Address.SIZE];
        k[0] = tag;
        System.arraycopy(a.toArray(), 0, k, 1, Address.SIZE);
        return k;
    }

    /**
     * @return the key of the operator's address in this contract's state
     */
    public static byte[] operatorKey() {
        return OPERATOR.clone();
    }

    /**
     * @param publicKey the account's 64-byte public key
     * @return the arguments of {@value #ADD_ACCOUNT}
     */
    public static Bytes addAccountArgs(Bytes publicKey) {
        return RLP.encodeList(w -> w.writeValue(publicKey));
    }

    /**
     * @param account the account to withdraw
     * @return the arguments of {@value #REMOVE_ACCOUNT}
     */
    public static Bytes removeAccountArgs(Address account) {
        return RLP.encodeList(w -> w.writeValue(account.toBytes()));
    }

    /**
     * @param publicKey the node's 64-byte public key
     * @return the arguments of {@value #ADD_NODE_KEY}
     */
    public static Bytes addNodeKeyArgs(Bytes publicKey) {
        return RLP.encodeList(w -> w.writeValue(publicKey));
    }

    /**
     * @param nodeKey the address of the node key to withdraw
     * @return the arguments of {@value #REMOVE_NODE_KEY}
     */
    public static Bytes removeNodeKeyArgs(Address nodeKey) {
        return RLP.encodeList(w -> w.writeValue(nodeKey.toBytes()));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> methods() {
        return Set.of(ADD_ACCOUNT, REMOVE_ACCOUNT, ADD_NODE_KEY, REMOVE_NODE_KEY);
    }

    @Override
    public byte[] call(CallContext ctx, String method, byte[] args) {
        byte[] operator = ctx.get(OPERATOR).orElseThrow(() -> new ContractException("no operator in state"));
        if (!Arrays.equals(operator, ctx.sender())) {
            throw new ContractException("only the operator may change permissions");
        }
        Bytes arg = singleValue(args);
        switch (method) {
            case ADD_ACCOUNT: {
                if (!Secp256k1.isValidPublicKey(arg)) {
                    throw new ContractException("not a secp256k1 public key (64 bytes, x then y, on the curve)");
                }
                Address account = Address.fromPublicKey(arg);
                if (ctx.get(accountKey(account)).isPresent()) {
                    throw new ContractException("account already permitted: " + account);
                }
                ctx.put(accountKey(account), arg.toArray());
                ctx.emit("AccountAdded", account.toArray());
                return account.toArray();
            }
            case REMOVE_ACCOUNT: {
                if (arg.size() != Address.SIZE) {
                    throw new ContractException("an address is 20 bytes, was " + arg.size());
                }
                Address account = Address.of(arg);
                if (Arrays.equals(operator, account.toArray())) {
                    throw new ContractException("the operator cannot remove itself");
                }
                if (ctx.get(accountKey(account)).isEmpty()) {
                    throw new ContractException("account not permitted: " + account);
                }
                ctx.delete(accountKey(account));
                ctx.emit("AccountRemoved", account.toArray());
                return new byte[0];
            }
            case ADD_NODE_KEY: {
                if (!Secp256k1.isValidPublicKey(arg)) {
                    throw new ContractException("not a secp256k1 public key (64 bytes, x then y, on the curve)");
                }
                Address node = Address.fromPublicKey(arg);
                if (ctx.get(nodeKeyKey(node)).isPresent()) {
                    throw new ContractException("node key already permitted: " + node);
                }
                ctx.put(nodeKeyKey(node), arg.toArray());
                ctx.emit("NodeKeyAdded", node.toArray());
                return node.toArray();
            }
            case REMOVE_NODE_KEY: {
                if (arg.size() != Address.SIZE) {
                    throw new ContractException("an address is 20 bytes, was " + arg.size());
                }
                Address node = Address.of(arg);
                if (ctx.get(nodeKeyKey(node)).isEmpty()) {
                    throw new ContractException("node key not permitted: " + node);
                }
                ctx.delete(nodeKeyKey(node));
                ctx.emit("NodeKeyRemoved", node.toArray());
                return new byte[0];
            }
            default:
                throw new ContractException("unknown method " + method);
        }
    }

    @Override
    public byte[] query(ReadContext ctx, String method, byte[] args) {
        switch (method) {
            case QUERY_ACCOUNT: {
                if (args.length != Address.SIZE) {
                    throw new ContractException("account takes a 20-byte address");
                }
                Optional<byte[]> key = ctx.get(accountKey(Address.of(args)));
                return key.orElseThrow(() -> new ContractException("account not permitted"));
            }
            case QUERY_NODE_KEY: {
                if (args.length != Address.SIZE) {
                    throw new ContractException("nodeKey takes a 20-byte address");
                }
                Optional<byte[]> key = ctx.get(nodeKeyKey(Address.of(args)));
                return key.orElseThrow(() -> new ContractException("node key not permitted"));
            }
            case QUERY_OPERATOR:
                return ctx.get(OPERATOR).orElseThrow(() -> new ContractException("no operator in state"));
            default:
                return Contract.super.query(ctx, method, args);
        }
    }

    private static Bytes singleValue(byte[] args) {
        try {
            return RLP.decodeList(Bytes.wrap(args), r -> {
                Bytes v = r.readValue();
                if (!r.isComplete()) {
                    throw new ContractException("extra arguments");
                }
                return v;
            });
        } catch (ContractException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ContractException("malformed arguments: " + e.getMessage(), e);
        }
    }
}
