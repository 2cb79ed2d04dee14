package org.tem.benchmarks.ledger;

import java.nio.ByteBuffer;
import java.util.Set;
import org.tem.api.contract.CallContext;
import org.tem.api.contract.Contract;
import org.tem.api.contract.ContractException;

/**
 * A tiny benchmark contract (the idea of the ledger tests' bank contract): {@code credit} adds an
 * 8-byte big-endian amount to the sender's balance (one read, one write, one event).
 */
public final class CreditContract implements Contract {

    @Override
    public String name() {
        return "bench-credit/1";
    }

    @Override
    public Set<String> methods() {
        return Set.of("credit");
    }

    @Override
    public byte[] call(CallContext ctx, String method, byte[] args) {
        if (!method.equals("credit")) {
            throw new ContractException("unknown method " + method);
        }
        if (args.length != 8) {
            throw new ContractException("credit takes an 8-byte amount");
        }
        long amount = ByteBuffer.wrap(args).getLong();
        if (amount <= 0) {
            throw new ContractException("amount must be positive");
        }
        byte[] sender = ctx.sender();
        long balance = ctx.get(sender).map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L);
        byte[] out = longBytes(Math.addExact(balance, amount));
        ctx.put(sender, out);
        ctx.emit("Credit", args);
        return out;
    }

    static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }
}
