package org.tem.solver.contract;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.tem.api.contract.CallContext;
import org.tem.api.contract.Contract;
import org.tem.api.contract.ContractException;
import org.tem.api.contract.Limits;
import org.tem.api.contract.ReadContext;
import org.tem.solver.admm.AdmmIteration;
import org.tem.solver.admm.AdmmLinks;
import org.tem.solver.admm.AdmmState;

/**
 * Algorithm 1 of the paper on the ledger: the coordination step of ADMM as a contract, computed
 * with the same {@link AdmmState} as the in-process coordinator, so both give bit-identical
 * iterates.
 *
 * <p><b>Calls</b> (transactions, arguments RLP, see {@link Codec}):
 * <ul>
 *   <li>{@code register [id, address]} — the operator binds a prosumer id to the address that
 *       signs its submissions.</li>
 *   <li>{@code openRound [round, config]} — the operator opens round {@code round} (a new,
 *       positive number) with a {@link RoundConfig}; iteration 1 opens at once.</li>
 *   <li>{@code submit [round, iteration, trades]} — Func B: a participant posts its trades
 *       {@code p_u} (its links × slots) for the open iteration, once, signed by its registered
 *       address. The last submission of the iteration runs Func A (auxiliary + dual update,
 *       stopping test, ρ balancing) in the same transaction.</li>
 *   <li>{@code advance [round]} — anyone, once the iteration is past its deadline
 *       ({@code deadlineBlocks} blocks after it opened): closes the iteration with the missing
 *       submissions filled in by the <b>deadline rule</b>: a prosumer that did not submit is taken
 *       to repeat its previous submission (at iteration 1: to propose the broadcast {@code p'}
 *       itself, i.e. no change). A silent meter therefore slows convergence but never stalls the
 *       round.</li>
 * </ul>
 * <b>Queries</b> (Func C, read-only): {@code round [round]} → status, iteration, ρ, residuals;
 * {@code broadcast [round, id]} → ρ, {@code p'} and {@code λ} of that prosumer's links;
 * {@code submitted [round, id]}; {@code settlement [round, id]} → the prosumer's payment;
 * {@code trades [round]} → the final {@code p'} of every link.
 *
 * <p><b>Settlement</b> (MODEL.md): when the stopping test passes the round is final and payments
 * are booked in integer minor units from the final reciprocal trades {@code p'}: for a bilateral
 * pair {@code u < v}, {@code u} pays {@code round(π·Σ_t p'_uv[t]·minorUnits)} and {@code v} the
 * opposite; in the pool each prosumer's exact amount {@code π·Σ_t q'_u[t]·minorUnits} is rounded
 * down and the few units left over go to the largest remainders (ties to the lower index), so
 * payments always sum to exactly zero. A round that hits its iteration cap ends
 * {@code max-iterations} without settlement.
 *
 * <p>Every failure is a {@link ContractException} with a reason; the runtime then discards all
 * writes of the call.
 */
public final class CoordinationContract implements Contract {
    /** Genesis state key holding the operator's 20-byte address. */
    public static final byte[] OPERATOR_KEY = Codec.ascii("operator");

    /** Round status: collecting submissions. */
    public static final int OPEN = 1;
    /** Round status: converged and settled. */
    public static final int FINAL = 2;
    /** Round status: stopped at the iteration cap, not settled. */
    public static final int MAX_ITERATIONS = 3;

    private static final int STATE_CHUNK = 32 * 1024;

    @Override
    public String name() {
        return "tem/coordination/1";
    }

    @Override
    public Set<String> methods() {
        return Set.of("register", "openRound", "submit", "advance");
    }

    @Override
    public byte[] call(CallContext ctx, String method, byte[] args) {
        switch (method) {
            case "register":
                return register(ctx, args);
            case "openRound":
                return openRound(ctx, args);
            case "submit":
                return submit(ctx, args);
            case "advance":
                return advance(ctx, args);
            default:
                throw new ContractException("unknown method: " + method);
        }
    }

    // ------------------------------------------------------------------ calls

    private byte[] register(CallContext ctx, byte[] args) {
        requireOperator(ctx);
        Object[] a = Codec.read(args, r -> new Object[] {Codec.readString(r), r.readByteArray()});
        String id = (String) a[0];
        byte[] address = (byte[]) a[1];
        if (id.isEmpty() || id.length() > 128 || address.length != 20) {
            throw new ContractException("register: needs an id of 1-128 characters and a 20-byte address");
        }
        if (ctx.get(key("address", hex(address))).isPresent()) {
            throw new ContractException("register: address already registered");
        }
        if (ctx.get(key("prosumer", id)).isPresent()) {
            throw new ContractException("register: prosumer '" + id + "' already registered");
        }
        ctx.put(key("prosumer", id), address);
        ctx.put(key("address", hex(address)), id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ctx.emit("Registered", id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new byte[0];
    }

    private byte[] openRound(CallContext ctx, byte[] args) {
        requireOperator(ctx);
        Object[] a = Codec.read(args, r -> new Object[] {r.readLong(), r.readByteArray()});
        long round = (Long) a[0];
        byte[] encodedConfig = (byte[]) a[1];
        if (round <= 0) {
            throw new ContractException("openRound: round must be positive, was " + round);
        }
        if (ctx.get(roundKey(round, "config")).isPresent()) {
            throw new ContractException("openRound: round " + round + " exists");
        }
        RoundConfig config = RoundConfig.decode(encodedConfig);
        for (String id : config.participants()) {
            if (ctx.get(key("prosumer", id)).isEmpty()) {
                throw new ContractException("openRound: prosumer '" + id + "' is not registered");
            }
        }
        AdmmLinks links = config.links();
        ctx.put(roundKey(round, "config"), encodedConfig);
        writeState(ctx, round, new AdmmState(links, config.options()));
        writeStatus(ctx, round, new Status(OPEN, 1, ctx.blockNumber(), 0, Double.NaN, Double.NaN, Double.NaN));
        ctx.emit("RoundOpened", longBytes(round));
        return new byte[0];
    }

    private byte[] submit(CallContext ctx, byte[] args) {
        Object[] a = Codec.read(args, r -> new Object[] {r.readLong(), r.readInt(), Codec.readMatrix(r)});
        long round = (Long) a[0];
        int iteration = (Integer) a[1];
        double[][] trades = (double[][]) a[2];
        Round r = load(ctx, round);
        if (r.status.code != OPEN) {
            throw new ContractException("submit: round " + round + " is closed");
        }
        if (iteration != r.status.iteration) {
            throw new ContractException("submit: iteration " + iteration + " is not the open one ("
                    + r.status.iteration + ")");
        }
        String id = new String(ctx.get(key("address", hex(ctx.sender())))
                .orElseThrow(() -> new ContractException("submit: sender is not a registered prosumer")),
                java.nio.charset.StandardCharsets.UTF_8);
        int u = r.config.participants().indexOf(id);
        if (u < 0) {
            throw new ContractException("submit: prosumer '" + id + "' does not take part in round " + round);
        }
        if (ctx.get(submissionKey(round, u)).isPresent()) {
            throw new ContractException("submit: prosumer '" + id + "' already submitted iteration " + iteration);
        }
        int links = r.links.end(u) - r.links.start(u);
        if (trades.length != links || links > 0 && trades[0].length != r.links.slots()) {
            throw new ContractException("submit: trades must be " + links + " links x " + r.links.slots() + " slots");
        }
        for (double[] row : trades) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new ContractException("submit: trades must be finite numbers");
                }
            }
        }
        ctx.put(submissionKey(round, u), Codec.rowsToBytes(trades));
        int submitted = r.status.submitted + 1;
        if (submitted < r.config.participants().size()) {
            writeStatus(ctx, round, r.status.withSubmitted(submitted));
            return new byte[0];
        }
        closeIteration(ctx, round, r);
        return new byte[0];
    }

    private byte[] advance(CallContext ctx, byte[] args) {
        long round = Codec.read(args, rd -> rd.readLong());
        Round r = load(ctx, round);
        if (r.status.code != OPEN) {
            throw new ContractException("advance: round " + round + " is closed");
        }
        if (ctx.blockNumber() < r.status.openedAt + r.config.deadlineBlocks()) {
            throw new ContractException("advance: iteration " + r.status.iteration + " is open until block "
                    + (r.status.openedAt + r.config.deadlineBlocks()));
        }
        closeIteration(ctx, round, r);
        return new byte[0];
    }

    /** Func A: assemble every prosumer's trades in link order, step the kernel, store, maybe settle. */
    private void closeIteration(CallContext ctx, long round, Round r) {
        AdmmLinks links = r.links;
        AdmmState state = readState(ctx, round, r);
        double[][] p = new double[links.size()][];
        for (int u = 0; u < links.prosumers(); u++) {
            Optional<byte[]> own = ctx.get(submissionKey(round, u));
            Optional<byte[]> previous = ctx.get(roundKey(round, "previous/" + u));
            double[][] rows;
            if (own.isPresent()) {
                rows = Codec.bytesToRows(own.get(), links.end(u) - links.start(u), links.slots());
            } else if (previous.isPresent()) {
                rows = Codec.bytesToRows(previous.get(), links.end(u) - links.start(u), links.slots());
            } else {
                rows = state.auxiliary(links.start(u), links.end(u));
            }
            for (int k = links.start(u); k < links.end(u); k++) {
                p[k] = rows[k - links.start(u)];
            }
            if (own.isPresent()) {
                ctx.put(roundKey(round, "previous/" + u), own.get());
                ctx.delete(submissionKey(round, u));
            }
        }
        AdmmIteration it = state.step(p);
        writeState(ctx, round, state);
        int code = it.converged() ? FINAL : it.iteration() >= r.config.options().maxIterations() ? MAX_ITERATIONS : OPEN;
        writeStatus(ctx, round, new Status(code, code == OPEN ? it.iteration() + 1 : it.iteration(), ctx.blockNumber(),
                0, it.primalResidual(), it.dualResidual(), it.paperResidual()));
        ctx.emit("Iteration", longBytes(it.iteration()));
        if (code == FINAL) {
            settle(ctx, round, r, state.iterate());
            ctx.emit("Settled", longBytes(round));
        }
    }

    private void settle(CallContext ctx, long round, Round r, double[][] aux) {
        AdmmLinks links = r.links;
        int n = links.prosumers();
        long[] pay = new long[n];
        double scale = r.config.p2pPrice() * r.config.minorUnits();
        if (!links.pool()) {
            for (int k = 0; k < links.size(); k++) {
                int u = links.from(k);
                int v = links.to(k);
                if (u < v) {
                    double energy = 0.0;
                    for (double x : aux[k]) {
                        energy += x;
                    }
                    long amount = Math.round(scale * energy);
                    pay[u] += amount;
                    pay[v] -= amount;
                }
            }
        } else {
            double[] exact = new double[n];
            long sum = 0;
            for (int u = 0; u < n; u++) {
                double energy = 0.0;
                for (double x : aux[u]) {
                    energy += x;
                }
                exact[u] = scale * energy;
                pay[u] = (long) Math.floor(exact[u]);
                sum += pay[u];
            }
            // floors sum to at most 0 (the exact amounts sum to ~0); hand the missing units to the largest remainders
            long missing = -sum;
            boolean[] taken = new boolean[n];
            for (long m = 0; m < missing && m < n; m++) {
                int best = -1;
                for (int u = 0; u < n; u++) {
                    if (!taken[u] && (best < 0 || exact[u] - pay[u] > exact[best] - pay[best])) {
                        best = u;
                    }
                }
                taken[best] = true;
                pay[best] += 1;
            }
        }
        for (int u = 0; u < n; u++) {
            ctx.put(roundKey(round, "settlement/" + u), longBytes(pay[u]));
        }
    }

    // ------------------------------------------------------------------ queries

    @Override
    public byte[] query(ReadContext ctx, String method, byte[] args) {
        switch (method) {
            case "round": {
                long round = Codec.read(args, r -> r.readLong());
                Round r = load(ctx, round);
                AdmmState state = readState(ctx, round, r);
                Status s = r.status;
                return Codec.list(w -> {
                    w.writeInt(s.code);
                    w.writeInt(s.iteration);
                    Codec.writeDouble(w, state.rho());
                    Codec.writeDouble(w, s.primal);
                    Codec.writeDouble(w, s.dual);
                    Codec.writeDouble(w, s.paper);
                    w.writeInt(s.submitted);
                    w.writeLong(s.openedAt + r.config.deadlineBlocks());
                });
            }
            case "broadcast": {
                Object[] a = Codec.read(args, r -> new Object[] {r.readLong(), Codec.readString(r)});
                long round = (Long) a[0];
                Round r = load(ctx, round);
                int u = participant(r, (String) a[1]);
                AdmmState state = readState(ctx, round, r);
                int from = r.links.start(u);
                int to = r.links.end(u);
                return Codec.list(w -> {
                    w.writeInt(r.status.iteration);
                    Codec.writeDouble(w, state.rho());
                    Codec.writeMatrix(w, state.auxiliary(from, to));
                    Codec.writeMatrix(w, state.lambda(from, to));
                });
            }
            case "submitted": {
                Object[] a = Codec.read(args, r -> new Object[] {r.readLong(), Codec.readString(r)});
                long round = (Long) a[0];
                Round r = load(ctx, round);
                int u = participant(r, (String) a[1]);
                return Codec.list(w -> w.writeInt(ctx.get(submissionKey(round, u)).isPresent() ? 1 : 0));
            }
            case "settlement": {
                Object[] a = Codec.read(args, r -> new Object[] {r.readLong(), Codec.readString(r)});
                long round = (Long) a[0];
                Round r = load(ctx, round);
                int u = participant(r, (String) a[1]);
                byte[] amount = ctx.get(roundKey(round, "settlement/" + u))
                        .orElseThrow(() -> new ContractException("settlement: round " + round + " is not settled"));
                return Codec.list(w -> Codec.writeSignedLong(w, ByteBuffer.wrap(amount).getLong()));
            }
            case "trades": {
                long round = Codec.read(args, r -> r.readLong());
                Round r = load(ctx, round);
                AdmmState state = readState(ctx, round, r);
                return Codec.list(w -> Codec.writeMatrix(w, state.iterate()));
            }
            default:
                throw new ContractException("unknown query: " + method);
        }
    }

    // ------------------------------------------------------------------ storage

    /** A round's status record. */
    private record Status(int code, int iteration, long openedAt, int submitted, double primal, double dual,
            double paper) {
        Status withSubmitted(int count) {
            return new Status(code, iteration, openedAt, count, primal, dual, paper);
        }
    }

    private record Round(RoundConfig config, AdmmLinks links, Status status) {
    }

    private static Round load(ReadContext ctx, long round) {
        byte[] config = ctx.get(roundKey(round, "config"))
                .orElseThrow(() -> new ContractException("unknown round " + round));
        RoundConfig c = RoundConfig.decode(config);
        byte[] s = ctx.get(roundKey(round, "status")).orElseThrow(() -> new ContractException("round without status"));
        Status status = Codec.read(s, r -> new Status(r.readInt(), r.readInt(), r.readLong(), r.readInt(),
                Codec.readDouble(r), Codec.readDouble(r), Codec.readDouble(r)));
        return new Round(c, c.links(), status);
    }

    private static void writeStatus(CallContext ctx, long round, Status s) {
        ctx.put(roundKey(round, "status"), Codec.list(w -> {
            w.writeInt(s.code);
            w.writeInt(s.iteration);
            w.writeLong(s.openedAt);
            w.writeInt(s.submitted);
            Codec.writeDouble(w, s.primal);
            Codec.writeDouble(w, s.dual);
            Codec.writeDouble(w, s.paper);
        }));
    }

    private static void writeState(CallContext ctx, long round, AdmmState state) {
        byte[] bytes = state.encode();
        int chunks = (bytes.length + STATE_CHUNK - 1) / STATE_CHUNK;
        for (int i = 0; i < chunks; i++) {
            ctx.put(roundKey(round, "state/" + i), Arrays.copyOfRange(bytes, i * STATE_CHUNK,
                    Math.min(bytes.length, (i + 1) * STATE_CHUNK)));
        }
        ctx.put(roundKey(round, "stateChunks"), longBytes(chunks));
    }

    private static AdmmState readState(ReadContext ctx, long round, Round r) {
        long chunks = ByteBuffer.wrap(ctx.get(roundKey(round, "stateChunks")).orElseThrow()).getLong();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < chunks; i++) {
            out.writeBytes(ctx.get(roundKey(round, "state/" + i)).orElseThrow());
        }
        return AdmmState.decode(r.links, r.config.options(), out.toByteArray());
    }

    private static int participant(Round r, String id) {
        int u = r.config.participants().indexOf(id);
        if (u < 0) {
            throw new ContractException("prosumer '" + id + "' does not take part in this round");
        }
        return u;
    }

    private static void requireOperator(CallContext ctx) {
        byte[] operator = ctx.get(OPERATOR_KEY).orElseThrow(() -> new ContractException("no operator at genesis"));
        if (!Arrays.equals(operator, ctx.sender())) {
            throw new ContractException("only the operator may do this");
        }
    }

    private static byte[] submissionKey(long round, int u) {
        return roundKey(round, "submission/" + u);
    }

    private static byte[] roundKey(long round, String suffix) {
        return key("round", round + "/" + suffix);
    }

    private static byte[] key(String kind, String name) {
        byte[] k = (kind + "/" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (k.length > Limits.MAX_KEY_BYTES) {
            throw new ContractException(kind + ": name too long");
        }
        return k;
    }

    private static String hex(byte[] address) {
        return HexFormat.of().formatHex(address);
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }
}
