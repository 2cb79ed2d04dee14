package org.tem.solver.contract;

import org.tem.api.ProsumerSchedule;
import org.tem.solver.admm.LocalAgent;
import org.tem.solver.admm.SettledSchedule;
import org.tem.solver.admm.TradingAgent;

/**
 * The meter side of a coordination round: reads the round, and when an iteration is open that it
 * has not answered, reads its broadcast ({@code ρ}, {@code p'}, {@code λ} of its own links, which of
 * them are frozen, and any candidate settlement), solves its local problem with its private data,
 * checks whether it can absorb its part of the candidate, and submits its trades with that one bit.
 * Only trade vectors and that bit leave the meter. Once the broadcast says the meter is excluded it
 * stops solving. When the round is closed, {@link #settle()} gives the schedule the home follows.
 * Not thread-safe; one per meter.
 */
public final class MeterClient {
    private final String id;
    private final LocalAgent agent;
    private final CoordinationLedger ledger;
    private final long round;
    private int answered;
    private boolean excluded;
    private String failure = "";

    /**
     * @param id the prosumer id the meter is registered under
     * @param agent the meter's local solver over its own prosumer
     * @param ledger the meter's connection to the ledger (signing with the meter's key)
     * @param round the round to follow
     */
    public MeterClient(String id, LocalAgent agent, CoordinationLedger ledger, long round) {
        this.id = id;
        this.agent = agent;
        this.ledger = ledger;
        this.round = round;
    }

    /**
     * A round's public state, as read by {@link #round()}.
     *
     * @param status where the round stands
     * @param iteration the open iteration (the last one once closed)
     * @param rho the ρ of the open iteration
     * @param primalResidual the last closed iteration's primal residual (NaN before any)
     * @param dualResidual its dual residual
     * @param paperResidual its paper residual
     * @param submitted submissions received for the open iteration
     * @param deadlineMillis the median block time from which the open iteration may be advanced
     * @param active participants not excluded
     */
    public record RoundView(RoundStatus status, int iteration, double rho, double primalResidual, double dualResidual,
            double paperResidual, int submitted, long deadlineMillis, int active) {

        /** @return true while the round collects submissions */
        public boolean open() {
            return status == RoundStatus.OPEN;
        }
    }

    /**
     * @param ledger a connection to the ledger
     * @param round a round number
     * @return the round's state at the ledger's head
     * @throws org.tem.api.contract.ContractException when the round is unknown or the answer malformed
     */
    public static RoundView round(CoordinationLedger ledger, long round) {
        byte[] answer = ledger.query("round", Codec.list(w -> w.writeLong(round)));
        return Codec.read(answer, r -> new RoundView(RoundStatus.fromCode(r.readInt()), r.readInt(),
                Codec.readDouble(r), Codec.readDouble(r), Codec.readDouble(r), Codec.readDouble(r), r.readInt(),
                Codec.readSignedLong(r), r.readInt()));
    }

    /**
     * @param ledger a connection to the ledger
     * @param round a round number
     * @return the ids of the participants the deadline rule excluded, in the round's order
     * @throws org.tem.api.contract.ContractException when the round is unknown or the answer malformed
     */
    public static java.util.List<String> excluded(CoordinationLedger ledger, long round) {
        return Codec.read(ledger.query("excluded", Codec.list(w -> w.writeLong(round))), Codec::readStrings);
    }

    /** @return the round's state at the ledger's head */
    public RoundView round() {
        return round(ledger, round);
    }

    /**
     * Does what the meter should do now: submit for the open iteration if it has not yet and is
     * not excluded.
     *
     * @return true when it submitted a proposal
     */
    public boolean step() {
        if (excluded) {
            return false;
        }
        RoundView view = round();
        if (!view.open() || view.iteration() <= answered) {
            return false;
        }
        Object[] b = Codec.read(ledger.query("broadcast", Codec.list(w -> {
            w.writeLong(round);
            Codec.writeString(w, id);
        })), r -> new Object[] {r.readInt(), Codec.readDouble(r), Codec.readMatrix(r), Codec.readMatrix(r),
            r.readByteArray(), r.readInt(), r.readInt(), Codec.readMatrix(r)});
        int iteration = (Integer) b[0];
        if ((Integer) b[5] == 1) {
            excluded = true;
            return false;
        }
        // a candidate settlement awaits confirmation: can this home absorb its part of it?
        boolean absorbed = (Integer) b[6] == 1 && agent.absorb((double[][]) b[7]).absorbed();
        byte[] flags = (byte[]) b[4];
        boolean[] frozen = new boolean[flags.length];
        for (int k = 0; k < flags.length; k++) {
            frozen[k] = flags[k] != 0;
        }
        TradingAgent.Proposal proposal = agent.propose((Double) b[1], (double[][]) b[2], (double[][]) b[3], frozen);
        answered = iteration;
        if (!proposal.solved()) {
            failure = proposal.reason();
            return false;
        }
        ledger.call("submit", Codec.list(w -> {
            w.writeLong(round);
            w.writeInt(iteration);
            Codec.writeMatrix(w, proposal.trades());
            w.writeInt(absorbed ? 1 : 0);
        }));
        return true;
    }

    /** @return true once the broadcast said this meter is excluded from the round */
    public boolean excluded() {
        return excluded;
    }

    /** @return why the last local solve failed, or empty */
    public String failure() {
        return failure;
    }

    /** @return the meter's own schedule from its last local solve (stays on the meter) */
    public ProsumerSchedule schedule() {
        return agent.schedule();
    }

    /**
     * Once the round is closed, reads the settled trades of the meter's own links (the trades the
     * ledger settles when the round is final; zero on frozen links, so an excluded meter gets its
     * schedule without trading) and re-solves the meter's own problem with them fixed: the schedule
     * the home follows. Stays on the meter.
     *
     * @return the schedule, or why the home cannot absorb its settled trades
     * @throws org.tem.api.contract.ContractException while the round is open, or when the answer is
     *     malformed
     */
    public SettledSchedule settle() {
        double[][] mine = Codec.read(ledger.query("settled", Codec.list(w -> {
            w.writeLong(round);
            Codec.writeString(w, id);
        })), Codec::readMatrix);
        try {
            return agent.settle(mine);
        } catch (IllegalArgumentException e) {
            throw new org.tem.api.contract.ContractException("settled: " + e.getMessage());
        }
    }

    /**
     * @return this prosumer's settled payment in minor units (positive = pays)
     * @throws org.tem.api.contract.ContractException before settlement
     */
    public long settlement() {
        byte[] answer = ledger.query("settlement", Codec.list(w -> {
            w.writeLong(round);
            Codec.writeString(w, id);
        }));
        return Codec.read(answer, Codec::readSignedLong);
    }
}
