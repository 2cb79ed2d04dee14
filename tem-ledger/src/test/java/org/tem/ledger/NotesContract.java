package org.tem.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.tem.api.contract.CallContext;
import org.tem.api.contract.Contract;
import org.tem.api.contract.ContractException;
import org.tem.api.contract.ReadContext;

/**
 * A test contract over raw keys, for prefix deletes. Arguments are an RLP list of byte strings:
 * {@code put(k1, v1, k2, v2, ...)}; {@code wipe(prefix)}; {@code wipeThenPut(prefix, key, value)}
 * (fails if the key still reads present after the wipe); {@code wipeThenFail(prefix)} (always
 * fails, after the wipe); {@code expectAbsent(key)} (fails if present); {@code wipeMany(prefix,
 * count)} (count as one byte string of decimal digits). Query {@code get(key)}.
 */
public final class NotesContract implements Contract {

    @Override
    public String name() {
        return "notes/1";
    }

    @Override
    public Set<String> methods() {
        return Set.of("put", "wipe", "wipeThenPut", "wipeThenFail", "expectAbsent", "wipeMany");
    }

    /** @return the RLP list of the strings' UTF-8 bytes */
    public static Bytes args(String... parts) {
        return RLP.encodeList(w -> {
            for (String p : parts) {
                w.writeByteArray(p.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        });
    }

    private static List<byte[]> parts(byte[] args) {
        try {
            return RLP.decodeList(Bytes.wrap(args), r -> {
                List<byte[]> out = new ArrayList<>();
                while (!r.isComplete()) {
                    out.add(r.readByteArray());
                }
                return out;
            });
        } catch (RuntimeException e) {
            throw new ContractException("malformed arguments");
        }
    }

    @Override
    public byte[] call(CallContext ctx, String method, byte[] args) {
        List<byte[]> a = parts(args);
        switch (method) {
            case "put":
                for (int i = 0; i + 1 < a.size(); i += 2) {
                    ctx.put(a.get(i), a.get(i + 1));
                }
                return new byte[0];
            case "wipe":
                ctx.deletePrefix(a.get(0));
                return new byte[0];
            case "wipeThenPut":
                ctx.deletePrefix(a.get(0));
                if (ctx.get(a.get(1)).isPresent()) {
                    throw new ContractException("still present after the wipe");
                }
                ctx.put(a.get(1), a.get(2));
                return new byte[0];
            case "wipeThenFail":
                ctx.deletePrefix(a.get(0));
                throw new ContractException("failing after the wipe");
            case "expectAbsent":
                if (ctx.get(a.get(0)).isPresent()) {
                    throw new ContractException("present");
                }
                return new byte[0];
            case "wipeMany": {
                int n = Integer.parseInt(new String(a.get(1), java.nio.charset.StandardCharsets.UTF_8));
                for (int i = 0; i < n; i++) {
                    ctx.deletePrefix(a.get(0));
                }
                return new byte[0];
            }
            default:
                throw new ContractException("unknown method " + method);
        }
    }

    @Override
    public byte[] query(ReadContext ctx, String method, byte[] args) {
        if (method.equals("get")) {
            return ctx.get(args).orElseThrow(() -> new ContractException("absent"));
        }
        return Contract.super.query(ctx, method, args);
    }
}
