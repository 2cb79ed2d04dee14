package org.tem.ledger;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.tem.api.contract.CallContext;
import org.tem.api.contract.Contract;
import org.tem.api.contract.ContractException;
import org.tem.api.contract.ReadContext;

/**
 * A test contract: integer balances (minor units) per address. The operator (genesis state key
 * "operator") mints; anyone transfers what they hold. "counter" counts successful calls.
 */
public final class BankContract implements Contract {

    public static final byte[] OPERATOR = "operator".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final byte[] COUNTER = "counter".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Override
    public String name() {
        return "bank/1";
    }

    @Override
    public Set<String> methods() {
        return Set.of("mint", "transfer", "increment", "burnAll");
    }

    /** Args of mint: rlp([amount]); of transfer: rlp([to, amount]). */
    public static Bytes mintArgs(long amount) {
        return RLP.encodeList(w -> w.writeLong(amount));
    }

    public static Bytes transferArgs(byte[] to, long amount) {
        return RLP.encodeList(w -> {
            w.writeByteArray(to);
            w.writeLong(amount);
        });
    }

    @Override
    public byte[] call(CallContext ctx, String method, byte[] args) {
        byte[] sender = ctx.sender();
        switch (method) {
            case "mint": {
                if (!Arrays.equals(ctx.get(OPERATOR).orElse(new byte[0]), sender)) {
                    throw new ContractException("only the operator mints");
                }
                long amount = decode(args, r -> r.readLong());
                if (amount <= 0) {
                    throw new ContractException("amount must be positive");
                }
                long b = Math.addExact(balance(ctx, sender), amount);
                ctx.put(sender, longBytes(b));
                ctx.emit("Mint", longBytes(amount));
                return longBytes(b);
            }
            case "transfer": {
                Object[] a = decode(args, r -> new Object[] {r.readByteArray(), r.readLong()});
                byte[] to = (byte[]) a[0];
                long amount = (Long) a[1];
                if (to.length != 20 || amount <= 0) {
                    throw new ContractException("bad transfer arguments");
                }
                long from = balance(ctx, sender);
                // Write first, check after: the runtime must discard this write on failure.
                ctx.put(sender, longBytes(from - amount));
                if (from < amount) {
                    throw new ContractException("insufficient balance: " + from + " < " + amount);
                }
                ctx.put(to, longBytes(Math.addExact(balance(ctx, to), amount)));
                ctx.emit("Transfer", args);
                return new byte[0];
            }
            case "increment": {
                long c = ctx.get(COUNTER).map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L) + 1;
                ctx.put(COUNTER, longBytes(c));
                return longBytes(c);
            }
            case "burnAll": {
                ctx.delete(sender);
                throw new IllegalStateException("a bug in the contract");
            }
            default:
                throw new ContractException("unknown method " + method);
        }
    }

    @Override
    public byte[] query(ReadContext ctx, String method, byte[] args) {
        if (method.equals("balance")) {
            if (args.length != 20) {
                throw new ContractException("balance takes a 20-byte address");
            }
            return longBytes(balance(ctx, args));
        }
        return Contract.super.query(ctx, method, args);
    }

    static long balance(ReadContext ctx, byte[] who) {
        Optional<byte[]> v = ctx.get(who);
        return v.map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L);
    }

    public static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static <T> T decode(byte[] args, java.util.function.Function<org.apache.tuweni.rlp.RLPReader, T> f) {
        try {
            return RLP.decodeList(Bytes.wrap(args), r -> {
                T t = f.apply(r);
                if (!r.isComplete()) {
                    throw new ContractException("extra arguments");
                }
                return t;
            });
        } catch (ContractException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ContractException("malformed arguments: " + e.getMessage(), e);
        }
    }
}
