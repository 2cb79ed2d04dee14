package org.tem.ledger;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tem.api.contract.CallContext;
import org.tem.api.contract.Contract;
import org.tem.api.contract.ContractException;

/**
 * A test contract whose calls raise {@link Error}s, as a contract's argument decoding can when
 * it trusts a length from the input (issue 7, break 1: a matrix header of Integer.MAX_VALUE rows
 * and 0 columns).
 *
 * <ul>
 *   <li>{@code matrix}: allocates {@code new double[rows][0]} with {@code rows} from the 4-byte
 *       argument, as the coordination contract's codec did: OutOfMemoryError for MAX_VALUE.
 *   <li>{@code huge}: allocates a long array larger than any test heap (16 GiB; the ledger's
 *       tests run with -Xmx1g): OutOfMemoryError (Java heap space).
 *   <li>{@code recurse}: unbounded recursion: StackOverflowError.
 *   <li>{@code flaky}: raises OutOfMemoryError while {@link #OUT_OF_MEMORY_HERE} is set (a node
 *       short of memory), else counts calls like an honest method.
 *   <li>{@code swallow}: reads its counter and turns any exception of the read into a
 *       {@link ContractException} (a contract hiding a storage failure).
 *   <li>{@code ok}: counts calls.
 * </ul>
 */
public final class PoisonContract implements Contract {

    /** While set, {@code flaky} raises OutOfMemoryError: this JVM plays a node short of memory. */
    public static final AtomicBoolean OUT_OF_MEMORY_HERE = new AtomicBoolean();
    /** Run by {@code swallow} before its read (a test arms a store failure there). */
    public static final java.util.concurrent.atomic.AtomicReference<Runnable> BEFORE_SWALLOW =
            new java.util.concurrent.atomic.AtomicReference<>();

    private static final byte[] COUNTER = {'c'};

    @Override
    public String name() {
        return "poison/1";
    }

    @Override
    public Set<String> methods() {
        return Set.of("matrix", "huge", "recurse", "flaky", "swallow", "ok");
    }

    @Override
    public byte[] call(CallContext ctx, String method, byte[] args) {
        switch (method) {
            case "matrix": {
                if (args.length != 4) {
                    throw new ContractException("matrix takes 4 bytes");
                }
                double[][] m = new double[ByteBuffer.wrap(args).getInt()][0];
                return new byte[] {(byte) m.length};
            }
            case "huge": {
                long[] a = new long[Integer.MAX_VALUE - 8];
                return new byte[] {(byte) a.length};
            }
            case "recurse":
                return new byte[] {(byte) depth(0)};
            case "flaky":
                if (OUT_OF_MEMORY_HERE.get()) {
                    throw new OutOfMemoryError("simulated: this node is short of memory");
                }
                return count(ctx);
            case "swallow":
                Runnable before = BEFORE_SWALLOW.get();
                if (before != null) {
                    before.run();
                }
                try {
                    return count(ctx);
                } catch (RuntimeException e) {
                    throw new ContractException("the read failed, never mind");
                }
            case "ok":
                return count(ctx);
            default:
                throw new ContractException("unknown method " + method);
        }
    }

    private static byte[] count(CallContext ctx) {
        long c = ctx.get(COUNTER).map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L) + 1;
        byte[] v = ByteBuffer.allocate(8).putLong(c).array();
        ctx.put(COUNTER, v);
        return v;
    }

    private static int depth(int d) {
        return depth(d + 1) + 1;
    }

    /** @param rows the row count a hostile matrix header claims */
    public static byte[] rows(int rows) {
        return ByteBuffer.allocate(4).putInt(rows).array();
    }
}
