package org.tem.solver.contract;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.apache.tuweni.rlp.RLPReader;
import org.tem.api.contract.ContractException;
import org.tem.solver.contract.CoordinationException.Kind;

/**
 * {@link Coordination} over tem's {@link CoordinationContract}: encodes each operation in the
 * contract's RLP ({@link Codec}), sends it through a {@link CoordinationChannel} that the node
 * supplies, and decodes the answer defensively. Reads see whatever state the channel's
 * {@link CoordinationChannel#query} reads (the head or the last final block; the channel
 * documents which), so a meter whose channel reads final state acts only on final state.
 *
 * <p>Failures map to {@link CoordinationException}: a channel that throws or fails a call's future
 * → NOT_EXECUTED; a final receipt that failed or a refused query → REFUSED with the contract's
 * reason; an answer that is not the contract's encoding (bad RLP, wrong shapes, out-of-range
 * codes, a null) → MALFORMED. Nothing else escapes a read, and a write never throws: its failure
 * is in its future, which is completed directly with the {@link CoordinationException} (not
 * wrapped). Thread-safe when the channel is.
 */
public final class ContractCoordination implements Coordination {
    private final CoordinationChannel channel;

    /**
     * @param channel the signed connection to the coordination contract
     * @throws NullPointerException when {@code channel} is null
     */
    public ContractCoordination(CoordinationChannel channel) {
        this.channel = java.util.Objects.requireNonNull(channel, "channel");
    }

    @Override
    public CompletableFuture<Void> register(String id, byte[] address) {
        return send("register", Codec.list(w -> {
            w.writeByteArray(id.getBytes(StandardCharsets.UTF_8));
            w.writeByteArray(address);
        }));
    }

    @Override
    public CompletableFuture<Void> openRound(long round, RoundConfig config) {
        byte[] encoded = config.encode();
        return send("openRound", Codec.list(w -> {
            w.writeLong(round);
            w.writeByteArray(encoded);
        }));
    }

    @Override
    public CompletableFuture<Void> submit(long round, int iteration, double[][] trades, boolean absorbed) {
        byte[] args;
        try {
            args = submitArguments(round, iteration, trades, absorbed);
        } catch (RuntimeException e) {
            // ragged rows and values that are not finite or beyond ±1e6 kWh do not encode; the
            // contract would refuse them anyway
            return CompletableFuture.failedFuture(new CoordinationException(Kind.REFUSED,
                    "submit: trades do not encode: " + e.getMessage(), e));
        }
        return send("submit", args);
    }

    /**
     * The arguments of the contract's {@code submit}: {@code [round, iteration, trades, absorbed]},
     * the trades as quantities (whole numbers of 10⁻⁹ kWh, see {@link org.tem.solver.admm.TradeQuantum};
     * each row's first entry and then its steps from slot to slot as zig-zag varints), about 3-5
     * bytes a value.
     *
     * @param round the round
     * @param iteration the open iteration
     * @param trades the participant's trades (its links × slots), kWh, positive = bought
     * @param absorbed whether it can absorb its part of the candidate settlement
     * @return the RLP arguments
     * @throws IllegalArgumentException if the rows are ragged or an entry is not finite or beyond
     *     {@code ±TradeQuantum.MAX_KWH}
     */
    public static byte[] submitArguments(long round, int iteration, double[][] trades, boolean absorbed) {
        return Codec.list(w -> {
            w.writeLong(round);
            w.writeInt(iteration);
            Codec.writeQuantities(w, trades);
            w.writeInt(absorbed ? 1 : 0);
        });
    }

    @Override
    public CompletableFuture<Void> advance(long round) {
        return send("advance", Codec.list(w -> w.writeLong(round)));
    }

    @Override
    public RoundView round(long round) {
        return read("round", Codec.list(w -> w.writeLong(round)), r -> new RoundView(
                RoundStatus.fromCode(r.readInt()), r.readInt(), Codec.readDouble(r), Codec.readDouble(r),
                Codec.readDouble(r), Codec.readDouble(r), r.readInt(), Codec.readSignedLong(r), r.readInt()));
    }

    @Override
    public Broadcast broadcast(long round, String id) {
        return read("broadcast", roundAndId(round, id), r -> {
            int iteration = r.readInt();
            double rho = Codec.readDouble(r);
            double[][] target = Codec.readMatrix(r);
            double[][] lambda = Codec.readMatrix(r);
            byte[] flags = r.readByteArray();
            boolean excluded = flag(r.readInt(), "excluded");
            boolean candidate = flag(r.readInt(), "candidate");
            double[][] candidateTrades = Codec.readMatrix(r);
            boolean[] frozen = new boolean[flags.length];
            for (int k = 0; k < flags.length; k++) {
                frozen[k] = flag(flags[k], "frozen");
            }
            return new Broadcast(iteration, rho, target, lambda, frozen, excluded, candidate, candidateTrades);
        });
    }

    @Override
    public RoundConfig config(long round) {
        byte[] encoded = read("config", Codec.list(w -> w.writeLong(round)), RLPReader::readByteArray);
        try {
            return RoundConfig.decode(encoded);
        } catch (ContractException e) {
            throw new CoordinationException(Kind.MALFORMED, "config: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean submitted(long round, String id) {
        return read("submitted", roundAndId(round, id), r -> flag(r.readInt(), "submitted"));
    }

    @Override
    public List<String> excluded(long round) {
        return read("excluded", Codec.list(w -> w.writeLong(round)), r -> List.copyOf(Codec.readStrings(r)));
    }

    @Override
    public double[][] settled(long round, String id) {
        return read("settled", roundAndId(round, id), Codec::readMatrix);
    }

    @Override
    public long settlement(long round, String id) {
        return read("settlement", roundAndId(round, id), Codec::readSignedLong);
    }

    private static byte[] roundAndId(long round, String id) {
        return Codec.list(w -> {
            w.writeLong(round);
            Codec.writeString(w, id);
        });
    }

    private static boolean flag(int value, String name) {
        if (value != 0 && value != 1) {
            throw new ContractException(name + ": a flag must be 0 or 1, was " + value);
        }
        return value == 1;
    }

    /** Sends a call; the returned future is completed directly with the outcome. */
    private CompletableFuture<Void> send(String method, byte[] args) {
        CompletableFuture<Void> out = new CompletableFuture<>();
        CompletableFuture<CoordinationChannel.Outcome> sent;
        try {
            sent = channel.call(method, args);
        } catch (RuntimeException e) {
            out.completeExceptionally(new CoordinationException(Kind.NOT_EXECUTED, method + ": not sent: "
                    + e.getMessage(), e));
            return out;
        }
        if (sent == null) {
            out.completeExceptionally(new CoordinationException(Kind.NOT_EXECUTED, method + ": the channel gave no"
                    + " future"));
            return out;
        }
        sent.whenComplete((receipt, error) -> {
            if (error != null) {
                Throwable cause = unwrap(error);
                out.completeExceptionally(cause instanceof CoordinationException ce ? ce
                        : new CoordinationException(Kind.NOT_EXECUTED, method + ": not executed: " + cause.getMessage(),
                                cause));
            } else if (receipt == null) {
                out.completeExceptionally(new CoordinationException(Kind.MALFORMED, method + ": no receipt"));
            } else if (!receipt.success()) {
                out.completeExceptionally(new CoordinationException(Kind.REFUSED, receipt.reason()));
            } else {
                out.complete(null);
            }
        });
        return out;
    }

    /**
     * @param error what a future failed with
     * @return the failure itself, without the {@link CompletionException} wrappers of dependent stages
     */
    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Runs a query and decodes its answer; every failure becomes a {@link CoordinationException}. */
    private <T> T read(String method, byte[] args, Function<RLPReader, T> body) {
        byte[] answer;
        try {
            answer = channel.query(method, args);
        } catch (CoordinationException e) {
            throw e;
        } catch (ContractException e) {
            throw new CoordinationException(Kind.REFUSED, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new CoordinationException(Kind.NOT_EXECUTED, method + ": query failed: " + e.getMessage(), e);
        }
        if (answer == null) {
            throw new CoordinationException(Kind.MALFORMED, method + ": no answer");
        }
        try {
            return Codec.read(answer, body);
        } catch (ContractException e) {
            throw new CoordinationException(Kind.MALFORMED, method + ": " + e.getMessage(), e);
        }
    }
}
