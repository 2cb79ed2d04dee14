package org.tem.solver.contract;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
import org.tem.solver.admm.WarmStart;

/**
 * Algorithm 1 of the paper on the ledger: the coordination step of ADMM as a contract, computed
 * with the same {@link AdmmState} as the in-process coordinator, so both give bit-identical
 * iterates — with silent meters too.
 *
 * <p><b>Calls</b> (transactions, arguments RLP, see {@link Codec}):
 * <ul>
 *   <li>{@code register [id, address]} — the operator binds a prosumer id (1-128 characters) to the
 *       20-byte address that signs its submissions.</li>
 *   <li>{@code openRound [round, config]} — the operator opens round {@code round} (a new,
 *       positive number) with a {@link RoundConfig}, validated on decode; iteration 1 opens at
 *       once, cold ({@code λ = 0}, {@code p' = 0}) or warm from an earlier round (below).</li>
 *   <li>{@code submit [round, iteration, trades, absorbed]} — Func B: a participant that is not
 *       excluded posts its trades {@code p_u} (its links × slots, as quantities: whole numbers of
 *       10⁻⁹ kWh, see {@link org.tem.solver.admm.TradeQuantum}, each row's first and then its steps
 *       from slot to slot as zig-zag varints)
 *       for the open iteration, once,
 *       signed by its registered address, with a flag (0 or 1): whether it can absorb its part of
 *       the candidate settlement its broadcast showed (see below; 0 when there was none). Every
 *       entry must be within its link's limit, the limit quantised too (zero on a frozen link). A submission is
 *       accepted while the iteration is open, even past its deadline. The last submission of the
 *       active participants closes the iteration (Func A: confirmation, auxiliary and dual update,
 *       stopping test, ρ balancing) in the same transaction.</li>
 *   <li>{@code advance [round]} — a participant of the round or the operator (nobody else),
 *       once the iteration's deadline has passed, closes it without the missing submissions.</li>
 * </ul>
 *
 * <p><b>Warm start.</b> A round whose {@link RoundConfig#warmFrom()} is not zero starts from that
 * earlier round's end: the contract itself reads the earlier round's kept final prices {@code λ}
 * ({@link AdmmState#duals()} when it closed) and settled trades, matches them to the new round's
 * links by prosumer ids ({@link WarmStart#of}: a link the earlier round did not have starts at
 * zero, a link that is gone is ignored) and starts the new round's state from them
 * ({@link AdmmState#AdmmState(AdmmLinks, org.tem.solver.admm.AdmmOptions, WarmStart)}: the trades
 * projected onto this round's limits and reciprocity). That is exactly what the in-process
 * {@code AdmmSolver.run(vpp, previousRun.next())} starts from, so the round's iterates and
 * settlement are the in-process ones bit for bit, and anyone holding the chain can check the start.
 * Iteration 1's broadcast shows each meter its starting {@code λ} and {@code p'}. {@code openRound}
 * refuses (nothing written) a {@code warmFrom} that is not a round of this chain, not closed
 * {@link RoundStatus#FINAL}, or of another number of slots, and an earlier round whose kept prices
 * exceed {@link WarmStart#MAX_PRICE} (which the in-process run would not pass on either).
 *
 * <p><b>Deadlines</b> are in milliseconds of block time, judged against
 * {@link ReadContext#medianTimestamp()} — the median timestamp of the last {@code floor(N/2)+1}
 * blocks, which no minority of validators can move. An iteration opens at the timestamp {@code T}
 * of the block that opens it (the {@code openRound} or the closing transaction of the previous
 * iteration; never below that block's median, so a chain that sat idle does not start it in the
 * past, and a sealer stamping it late, within the drift, only delays the deadline) and may be
 * advanced once the median reaches {@code T + deadlineMillis} (added without overflow). Producing
 * blocks does not move time forward, so a stranger flooding the chain cannot hurry a round.
 *
 * <p><b>The deadline rule</b> (applied by {@link AdmmState#step(double[][], boolean[], boolean[])}): a
 * participant with no submission when iteration 1 closes is <em>excluded</em> — its links and its
 * peers' links to it are frozen at zero, so it neither trades nor pays, and the pool's projection
 * runs over the active participants only; its peers see the frozen links in their broadcast. A
 * participant that later misses an iteration has its last submission stand, and after the round's
 * K ({@code missLimit}) consecutive misses it is excluded the same way. If everybody is excluded
 * the round ends {@link RoundStatus#ABANDONED} and settles nothing.
 *
 * <p><b>Queries</b> (Func C, read-only): {@code round [round]} → status code, iteration, ρ,
 * residuals, submissions, deadline, active participants; {@code config [round]} → the round's
 * {@link RoundConfig} encoding (from which a meter derives its links and their limits); {@code broadcast [round, id]} →
 * iteration, ρ, {@code p'} and {@code λ} of that prosumer's links, their frozen flags, whether
 * the prosumer is excluded, whether a candidate settlement awaits confirmation and, if so, that
 * prosumer's part of it; {@code submitted [round, id]}; {@code excluded [round]} → the excluded
 * ids; {@code settlement [round, id]} → the prosumer's payment; {@code trades [round]} → while the
 * round is open the last {@code p'} of every link, once it is closed the settled trades;
 * {@code settled [round, id]} → once the round is closed, the settled
 * trades of that prosumer's links, which its meter re-solves its own problem with
 * ({@link Meter#settle()}); {@code prices [round]} → once the round is closed final, its last
 * prices {@code λ} of every link (what a round warm from it starts with).
 *
 * <p><b>What is settled.</b> Not the auxiliary {@code p'} (a projection that can make a prosumer
 * trade more than it proposed, so that it cannot absorb the trades) but the standing submissions
 * cleared ({@link AdmmState#settledTrades()}): each pair, or the pool slot by slot, trades what both
 * sides proposed, the lesser of bid and offer. Under the {@code SETTLED} stopping rule (the default),
 * when an iteration passes the residual test its cleared trades become a candidate: each meter's next
 * broadcast shows its part, the meter re-solves its own problem with those trades fixed and says in
 * its next submission whether it can absorb them; when every active participant says so, the round
 * is {@link RoundStatus#FINAL} with exactly those trades, otherwise it goes on. A participant thus
 * reveals, once per candidate, one bit: whether the candidate leaves it a feasible schedule.
 *
 * <p><b>Settlement</b>: when the round is {@link RoundStatus#FINAL} payments are booked in integer
 * minor units from the settled trades, exactly ({@link Settlement}): they sum to exactly zero. A
 * round that hits its iteration cap ends {@link RoundStatus#MAX_ITERATIONS} without settlement.
 *
 * <p><b>Closed rounds</b> (final, abandoned or at the cap) keep only their results: the config,
 * the status, the exclusions, the settlement and the settled trades
 * ({@link AdmmState#settledTrades()}, which the {@code trades} and {@code settled} queries then
 * read), and, for a final round only, its last prices {@code λ} ({@link AdmmState#duals()}, read by
 * the {@code prices} query and by a later round that starts warm from it): the same links × slots
 * doubles as the trades, so at most {@code 8 · RoundConfig.MAX_ENTRIES} bytes (2 MiB) more per final
 * round; the kernel's working state is deleted with one prefix delete in the closing transaction,
 * so the ledger's state does not grow with every round ever run. A closed round has no broadcast.
 *
 * <p>Every failure is a {@link ContractException} with a reason; the runtime then discards all
 * writes of the call. Every argument is decoded with allocations bounded by its bytes.
 */
public final class CoordinationContract implements Contract {
    /** Genesis state key holding the operator's 20-byte address. */
    public static final byte[] OPERATOR_KEY = Codec.ascii("operator");

    private static final int STATE_CHUNK = 32 * 1024;

    @Override
    public String name() {
        return "tem/coordination/4";
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
        if (id.isEmpty() || id.length() > RoundConfig.MAX_ID_CHARS || address.length != 20) {
            throw new ContractException("register: needs an id of 1-128 characters and a 20-byte address");
        }
        if (ctx.get(key("address", hex(address))).isPresent()) {
            throw new ContractException("register: address already registered");
        }
        if (ctx.get(key("prosumer", id)).isPresent()) {
            throw new ContractException("register: prosumer '" + id + "' already registered");
        }
        ctx.put(key("prosumer", id), address);
        ctx.put(key("address", hex(address)), id.getBytes(StandardCharsets.UTF_8));
        ctx.emit("Registered", id.getBytes(StandardCharsets.UTF_8));
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
        AdmmState state = new AdmmState(links, config.options(), warmStart(ctx, config));
        ctx.put(roundKey(round, "config"), encodedConfig);
        writeState(ctx, round, state, links.prosumers());
        writeStatus(ctx, round, new Status(RoundStatus.OPEN, 1, ctx.timestamp(), 0, links.prosumers(),
                state.rho(), Double.NaN, Double.NaN, Double.NaN));
        ctx.emit("RoundOpened", longBytes(round));
        return new byte[0];
    }

    /**
     * Where a round starts: cold, or from the kept end of the earlier round it names — checked to be
     * a closed {@link RoundStatus#FINAL} round of the same number of slots.
     */
    private static WarmStart warmStart(ReadContext ctx, RoundConfig config) {
        long from = config.warmFrom();
        if (from == 0) {
            return WarmStart.COLD;
        }
        if (ctx.get(roundKey(from, "config")).isEmpty()) {
            throw new ContractException("openRound: warmFrom round " + from + " does not exist");
        }
        Round earlier = load(ctx, from);
        if (earlier.status.code != RoundStatus.FINAL) {
            throw new ContractException("openRound: warmFrom round " + from + " is " + earlier.status.code
                    + ", not closed FINAL");
        }
        if (earlier.config.slots() != config.slots()) {
            throw new ContractException("openRound: warmFrom round " + from + " has " + earlier.config.slots()
                    + " slots, this round " + config.slots());
        }
        double[][] prices = keptRows(ctx, from, earlier, "prices/", "prices");
        double[][] trades = keptRows(ctx, from, earlier, "trades/", "final trades");
        try {
            return WarmStart.of(earlier.links, prices, trades);
        } catch (IllegalArgumentException e) {
            throw new ContractException("openRound: warmFrom round " + from + " cannot start a round: "
                    + e.getMessage());
        }
    }

    private byte[] submit(CallContext ctx, byte[] args) {
        Object[] a = Codec.read(args, r -> new Object[] {r.readLong(), r.readInt(), Codec.readQuantities(r),
            r.readInt()});
        long round = (Long) a[0];
        int iteration = (Integer) a[1];
        double[][] trades = (double[][]) a[2];
        int absorbed = (Integer) a[3];
        if (absorbed != 0 && absorbed != 1) {
            throw new ContractException("submit: the absorbed flag must be 0 or 1, was " + absorbed);
        }
        Round r = load(ctx, round);
        if (r.status.code != RoundStatus.OPEN) {
            throw new ContractException("submit: round " + round + " is closed");
        }
        if (iteration != r.status.iteration) {
            throw new ContractException("submit: iteration " + iteration + " is not the open one ("
                    + r.status.iteration + ")");
        }
        String id = sender(ctx).orElseThrow(() -> new ContractException("submit: sender is not a registered prosumer"));
        int u = r.config.participants().indexOf(id);
        if (u < 0) {
            throw new ContractException("submit: prosumer '" + id + "' does not take part in round " + round);
        }
        if (ctx.get(submissionKey(round, u)).isPresent()) {
            throw new ContractException("submit: prosumer '" + id + "' already submitted iteration " + iteration);
        }
        try {
            AdmmState.checkSubmission(r.links, r.excluded, u, trades);
        } catch (IllegalArgumentException e) {
            throw new ContractException("submit: " + e.getMessage());
        }
        // the decoded trades are quantised, so their varints are exactly the ones received
        byte[] rows = Codec.rowsToQuantities(trades);
        byte[] value = new byte[1 + rows.length];
        value[0] = (byte) absorbed;
        System.arraycopy(rows, 0, value, 1, rows.length);
        ctx.put(submissionKey(round, u), value);
        int submitted = r.status.submitted + 1;
        if (submitted < r.status.active) {
            writeStatus(ctx, round, r.status.withSubmitted(submitted));
            return new byte[0];
        }
        closeIteration(ctx, round, r);
        return new byte[0];
    }

    private byte[] advance(CallContext ctx, byte[] args) {
        long round = Codec.read(args, rd -> rd.readLong());
        Round r = load(ctx, round);
        if (!isOperator(ctx) && sender(ctx).map(id -> r.config.participants().indexOf(id)).orElse(-1) < 0) {
            throw new ContractException("advance: only a participant of round " + round + " or the operator may"
                    + " advance it");
        }
        if (r.status.code != RoundStatus.OPEN) {
            throw new ContractException("advance: round " + round + " is closed");
        }
        long closesAt = deadline(r);
        if (ctx.medianTimestamp() < closesAt) {
            throw new ContractException("advance: iteration " + r.status.iteration + " is open until median time "
                    + closesAt + " ms, now " + ctx.medianTimestamp());
        }
        closeIteration(ctx, round, r);
        return new byte[0];
    }

    /** Func A: the submissions in link order, the deadline rule and the kernel's step; store; maybe settle. */
    private void closeIteration(CallContext ctx, long round, Round r) {
        AdmmLinks links = r.links;
        AdmmState state = readState(ctx, round, r);
        double[][] p = new double[links.size()][];
        boolean[] answered = new boolean[links.prosumers()];
        boolean[] absorbed = new boolean[links.prosumers()];
        for (int u = 0; u < links.prosumers(); u++) {
            Optional<byte[]> own = ctx.get(submissionKey(round, u));
            if (own.isEmpty()) {
                continue;
            }
            byte[] value = own.get();
            if (value.length < 1 || value[0] != 0 && value[0] != 1) {
                throw new ContractException("close: a malformed stored submission");
            }
            absorbed[u] = value[0] == 1;
            int count = links.end(u) - links.start(u);
            byte[] stored = Arrays.copyOfRange(value, 1, value.length);
            double[][] rows = count == 0 ? new double[0][] : Codec.quantitiesToRows(stored, count, links.slots());
            for (int k = links.start(u); k < links.end(u); k++) {
                p[k] = rows[k - links.start(u)];
            }
            answered[u] = true;
            ctx.delete(submissionKey(round, u));
        }
        AdmmIteration it;
        try {
            it = state.step(p, answered, absorbed);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ContractException("close: " + e.getMessage());
        }
        writeState(ctx, round, state, links.prosumers());
        RoundStatus code = state.abandoned() ? RoundStatus.ABANDONED
                : it.converged() ? RoundStatus.FINAL
                : it.iteration() >= r.config.options().maxIterations() ? RoundStatus.MAX_ITERATIONS
                : RoundStatus.OPEN;
        int active = links.prosumers() - state.excluded().size();
        writeStatus(ctx, round, new Status(code, code == RoundStatus.OPEN ? it.iteration() + 1 : it.iteration(),
                ctx.timestamp(), 0, active, state.rho(), it.primalResidual(), it.dualResidual(),
                it.paperResidual()));
        ctx.emit("Iteration", longBytes(it.iteration()));
        if (code == RoundStatus.FINAL) {
            long[] pay = Settlement.payments(links, state.settledTrades(), r.config.p2pPrice(), r.config.minorUnits());
            for (int u = 0; u < pay.length; u++) {
                ctx.put(roundKey(round, "settlement/" + u), longBytes(pay[u]));
            }
            ctx.emit("Settled", longBytes(round));
        } else if (code == RoundStatus.ABANDONED) {
            ctx.emit("Abandoned", longBytes(round));
        }
        if (code != RoundStatus.OPEN) {
            clearWorkingState(ctx, round, state, code == RoundStatus.FINAL);
        }
    }

    /**
     * A closed round needs only its results: the settled trades are kept in chunks under
     * {@code round/N/trades/} — {@link AdmmState#settledTrades()}, what the settlement paid for,
     * when the round is final, and zero otherwise (a round stopped at its cap or abandoned settles
     * no payment, so it trades nothing either), a final round's last prices {@code λ}
     * ({@link AdmmState#duals()}) the same way under {@code round/N/prices/} — and the working state under
     * {@code round/N/state/} goes with one prefix delete (its staged chunks never reach the
     * ledger's state).
     */
    private static void clearWorkingState(CallContext ctx, long round, AdmmState state, boolean settled) {
        double[][] kept = state.settledTrades();
        if (!settled) {
            kept = new double[kept.length][kept.length == 0 ? 0 : kept[0].length];
        }
        putRows(ctx, round, "trades/", kept);
        if (settled) {
            putRows(ctx, round, "prices/", state.duals());
        }
        ctx.deletePrefix(roundKey(round, "state/"));
    }

    private static void putRows(CallContext ctx, long round, String prefix, double[][] rows) {
        byte[] bytes = Codec.rowsToBytes(rows);
        for (int i = 0; i * STATE_CHUNK < bytes.length; i++) {
            ctx.put(roundKey(round, prefix + i), Arrays.copyOfRange(bytes, i * STATE_CHUNK,
                    Math.min(bytes.length, (i + 1) * STATE_CHUNK)));
        }
    }

    /** The final trades of a closed round, as {@link #clearWorkingState} kept them. */
    private static double[][] finalTrades(ReadContext ctx, long round, Round r) {
        return keptRows(ctx, round, r, "trades/", "final trades");
    }

    /** Rows (links × slots) a closed round kept under a prefix, in chunks of {@link #STATE_CHUNK} bytes. */
    private static double[][] keptRows(ReadContext ctx, long round, Round r, String prefix, String what) {
        int size = Math.multiplyExact(Math.multiplyExact(r.links.size(), r.links.slots()), 8);
        byte[] bytes = new byte[size];
        for (int i = 0; i * STATE_CHUNK < size; i++) {
            byte[] chunk = ctx.get(roundKey(round, prefix + i))
                    .orElseThrow(() -> new ContractException("round: " + what + " missing"));
            if (chunk.length != Math.min(STATE_CHUNK, size - i * STATE_CHUNK)) {
                throw new ContractException("round: " + what + " chunk of the wrong size");
            }
            System.arraycopy(chunk, 0, bytes, i * STATE_CHUNK, chunk.length);
        }
        return Codec.bytesToRows(bytes, r.links.size(), r.links.slots());
    }

    /** The median time at which the open iteration may be advanced: openedAt + deadline, saturated. */
    private static long deadline(Round r) {
        long opened = r.status.openedAt;
        long window = r.config.deadlineMillis();
        return opened > Long.MAX_VALUE - window ? Long.MAX_VALUE : opened + window;
    }

    // ------------------------------------------------------------------ queries

    @Override
    public byte[] query(ReadContext ctx, String method, byte[] args) {
        switch (method) {
            case "round": {
                long round = Codec.read(args, r -> r.readLong());
                Round r = load(ctx, round);
                Status s = r.status;
                return Codec.list(w -> {
                    w.writeInt(s.code.code());
                    w.writeInt(s.iteration);
                    Codec.writeDouble(w, s.rho);
                    Codec.writeDouble(w, s.primal);
                    Codec.writeDouble(w, s.dual);
                    Codec.writeDouble(w, s.paper);
                    w.writeInt(s.submitted);
                    Codec.writeSignedLong(w, deadline(r));
                    w.writeInt(s.active);
                });
            }
            case "broadcast": {
                Object[] a = Codec.read(args, r -> new Object[] {r.readLong(), Codec.readString(r)});
                long round = (Long) a[0];
                Round r = load(ctx, round);
                int u = participant(r, (String) a[1]);
                if (r.status.code != RoundStatus.OPEN) {
                    throw new ContractException("broadcast: round " + round + " is closed");
                }
                AdmmState state = readState(ctx, round, r);
                int from = r.links.start(u);
                int to = r.links.end(u);
                boolean[] frozen = state.frozen(from, to);
                byte[] flags = new byte[frozen.length];
                for (int k = 0; k < flags.length; k++) {
                    flags[k] = (byte) (frozen[k] ? 1 : 0);
                }
                boolean candidate = state.candidate();
                double[][] settled = candidate ? Arrays.copyOfRange(state.settledTrades(), from, to) : new double[0][];
                return Codec.list(w -> {
                    w.writeInt(r.status.iteration);
                    Codec.writeDouble(w, state.rho());
                    Codec.writeMatrix(w, state.auxiliary(from, to));
                    Codec.writeMatrix(w, state.lambda(from, to));
                    w.writeByteArray(flags);
                    w.writeInt(state.excluded(u) ? 1 : 0);
                    w.writeInt(candidate ? 1 : 0);
                    Codec.writeMatrix(w, settled);
                });
            }
            case "config": {
                long round = Codec.read(args, r -> r.readLong());
                byte[] config = ctx.get(roundKey(round, "config"))
                        .orElseThrow(() -> new ContractException("unknown round " + round));
                return Codec.list(w -> w.writeByteArray(config));
            }
            case "submitted": {
                Object[] a = Codec.read(args, r -> new Object[] {r.readLong(), Codec.readString(r)});
                long round = (Long) a[0];
                Round r = load(ctx, round);
                int u = participant(r, (String) a[1]);
                return Codec.list(w -> w.writeInt(ctx.get(submissionKey(round, u)).isPresent() ? 1 : 0));
            }
            case "excluded": {
                long round = Codec.read(args, r -> r.readLong());
                Round r = load(ctx, round);
                return Codec.list(w -> w.writeList(l -> {
                    for (int u = 0; u < r.excluded.length; u++) {
                        if (r.excluded[u]) {
                            Codec.writeString(l, r.config.participants().get(u));
                        }
                    }
                }));
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
            case "settled": {
                Object[] a = Codec.read(args, r -> new Object[] {r.readLong(), Codec.readString(r)});
                long round = (Long) a[0];
                Round r = load(ctx, round);
                int u = participant(r, (String) a[1]);
                if (r.status.code == RoundStatus.OPEN) {
                    throw new ContractException("settled: round " + round + " is still open");
                }
                double[][] mine = Arrays.copyOfRange(finalTrades(ctx, round, r), r.links.start(u), r.links.end(u));
                return Codec.list(w -> Codec.writeMatrix(w, mine));
            }
            case "prices": {
                long round = Codec.read(args, r -> r.readLong());
                Round r = load(ctx, round);
                if (r.status.code != RoundStatus.FINAL) {
                    throw new ContractException("prices: round " + round + " is not closed final");
                }
                double[][] prices = keptRows(ctx, round, r, "prices/", "prices");
                return Codec.list(w -> Codec.writeMatrix(w, prices));
            }
            case "trades": {
                long round = Codec.read(args, r -> r.readLong());
                Round r = load(ctx, round);
                double[][] trades = r.status.code == RoundStatus.OPEN ? readState(ctx, round, r).iterate()
                        : finalTrades(ctx, round, r);
                return Codec.list(w -> Codec.writeMatrix(w, trades));
            }
            default:
                throw new ContractException("unknown query: " + method);
        }
    }

    // ------------------------------------------------------------------ storage

    /** A round's status record; the status is stored by its code. */
    private record Status(RoundStatus code, int iteration, long openedAt, int submitted, int active, double rho,
            double primal, double dual, double paper) {
        Status withSubmitted(int count) {
            return new Status(code, iteration, openedAt, count, active, rho, primal, dual, paper);
        }
    }

    private record Round(RoundConfig config, AdmmLinks links, Status status, boolean[] excluded) {
    }

    private static Round load(ReadContext ctx, long round) {
        byte[] config = ctx.get(roundKey(round, "config"))
                .orElseThrow(() -> new ContractException("unknown round " + round));
        RoundConfig c = RoundConfig.decode(config);
        byte[] s = ctx.get(roundKey(round, "status")).orElseThrow(() -> new ContractException("round without status"));
        Status status = Codec.read(s, r -> new Status(RoundStatus.fromCode(r.readInt()), r.readInt(),
                Codec.readSignedLong(r), r.readInt(), r.readInt(), Codec.readDouble(r), Codec.readDouble(r),
                Codec.readDouble(r), Codec.readDouble(r)));
        byte[] flags = ctx.get(roundKey(round, "excluded"))
                .orElseThrow(() -> new ContractException("round without exclusions"));
        if (flags.length != c.participants().size()) {
            throw new ContractException("round: exclusions do not match the participants");
        }
        boolean[] excluded = new boolean[flags.length];
        for (int u = 0; u < flags.length; u++) {
            if (flags[u] != 0 && flags[u] != 1) {
                throw new ContractException("round: an exclusion flag must be 0 or 1");
            }
            excluded[u] = flags[u] == 1;
        }
        return new Round(c, c.links(), status, excluded);
    }

    private static void writeStatus(CallContext ctx, long round, Status s) {
        ctx.put(roundKey(round, "status"), Codec.list(w -> {
            w.writeInt(s.code.code());
            w.writeInt(s.iteration);
            Codec.writeSignedLong(w, s.openedAt);
            w.writeInt(s.submitted);
            w.writeInt(s.active);
            Codec.writeDouble(w, s.rho);
            Codec.writeDouble(w, s.primal);
            Codec.writeDouble(w, s.dual);
            Codec.writeDouble(w, s.paper);
        }));
    }

    /** Stores the state in chunks (their number follows from the links) and the exclusion flags. */
    private static void writeState(CallContext ctx, long round, AdmmState state, int prosumers) {
        byte[] bytes = state.encode();
        int chunks = (bytes.length + STATE_CHUNK - 1) / STATE_CHUNK;
        for (int i = 0; i < chunks; i++) {
            ctx.put(roundKey(round, "state/" + i), Arrays.copyOfRange(bytes, i * STATE_CHUNK,
                    Math.min(bytes.length, (i + 1) * STATE_CHUNK)));
        }
        byte[] flags = new byte[prosumers];
        for (int u : state.excluded()) {
            flags[u] = 1;
        }
        ctx.put(roundKey(round, "excluded"), flags);
    }

    private static AdmmState readState(ReadContext ctx, long round, Round r) {
        int size = AdmmState.encodedSize(r.links);
        byte[] bytes = new byte[size];
        int chunks = (size + STATE_CHUNK - 1) / STATE_CHUNK;
        for (int i = 0; i < chunks; i++) {
            byte[] chunk = ctx.get(roundKey(round, "state/" + i))
                    .orElseThrow(() -> new ContractException("round: state missing"));
            int offset = i * STATE_CHUNK;
            if (chunk.length != Math.min(STATE_CHUNK, size - offset)) {
                throw new ContractException("round: state chunk of the wrong size");
            }
            System.arraycopy(chunk, 0, bytes, offset, chunk.length);
        }
        try {
            return AdmmState.decode(r.links, r.config.options(), bytes);
        } catch (IllegalArgumentException e) {
            throw new ContractException("round: " + e.getMessage());
        }
    }

    private static int participant(Round r, String id) {
        int u = r.config.participants().indexOf(id);
        if (u < 0) {
            throw new ContractException("prosumer '" + id + "' does not take part in this round");
        }
        return u;
    }

    /** @return the id registered for the sender's address, if any */
    private static Optional<String> sender(CallContext ctx) {
        return ctx.get(key("address", hex(ctx.sender()))).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    private static boolean isOperator(CallContext ctx) {
        byte[] operator = ctx.get(OPERATOR_KEY).orElseThrow(() -> new ContractException("no operator at genesis"));
        return Arrays.equals(operator, ctx.sender());
    }

    private static void requireOperator(CallContext ctx) {
        if (!isOperator(ctx)) {
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
        byte[] k = (kind + "/" + name).getBytes(StandardCharsets.UTF_8);
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
