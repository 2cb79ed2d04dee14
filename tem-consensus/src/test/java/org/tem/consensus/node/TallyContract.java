package org.tem.consensus.node;

import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.tem.api.contract.CallContext;
import org.tem.api.contract.Contract;
import org.tem.api.contract.ContractException;
import org.tem.api.contract.ReadContext;

/**
 * A test contract: {@code add(amount)} (8 bytes, big-endian) adds to the sender's tally and to
 * the total; {@code fail()} always fails. Queries {@code total()} and {@code tally(address)}.
 */
final class TallyContract implements Contract {

    private static final byte[] TOTAL = {'T'};

    @Override
    public String name() {
        return "tally/1";
    }

    @Override
    public Set<String> methods() {
        return Set.of("add", "fail");
    }

    static Bytes amount(long n) {
        return Bytes.ofUnsignedLong(n);
    }

    @Override
    public byte[] call(CallContext ctx, String method, byte[] args) {
        if (method.equals("fail")) {
            throw new ContractException("always fails");
        }
        if (args.length != 8) {
            throw new ContractException("amount must be 8 bytes");
        }
        long n = Bytes.wrap(args).toLong();
        byte[] who = ctx.sender();
        ctx.put(who, Bytes.ofUnsignedLong(read(ctx.get(who)) + n).toArray());
        ctx.put(TOTAL, Bytes.ofUnsignedLong(read(ctx.get(TOTAL)) + n).toArray());
        return new byte[0];
    }

    private static long read(java.util.Optional<byte[]> v) {
        return v.map(b -> Bytes.wrap(b).toLong()).orElse(0L);
    }

    @Override
    public byte[] query(ReadContext ctx, String method, byte[] args) {
        return switch (method) {
            case "total" -> Bytes.ofUnsignedLong(read(ctx.get(TOTAL))).toArray();
            case "tally" -> Bytes.ofUnsignedLong(read(ctx.get(args))).toArray();
            default -> throw new ContractException("unknown query " + method);
        };
    }
}
