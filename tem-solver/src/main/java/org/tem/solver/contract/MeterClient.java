package org.tem.solver.contract;

import org.tem.api.ProsumerSchedule;
import org.tem.solver.admm.LocalAgent;
import org.tem.solver.admm.TradingAgent;

/**
 * The meter side of a coordination round: reads the round, and when an iteration is open that it
 * has not answered, reads its broadcast ({@code ρ}, {@code p'}, {@code λ} of its own links), solves
 * its local problem with its private data, and submits its trades. Only trade vectors leave the
 * meter. Not thread-safe; one per meter.
 */
public final class MeterClient {
    private final String id;
    private final LocalAgent agent;
    private final CoordinationLedger ledger;
    private final long round;
    private int answered;
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

    /** A round's public state, as read by {@link #round()}. */
    public record RoundView(int status, int iteration, double rho, double primalResidual, double dualResidual,
            double paperResidual, int submitted, long deadlineBlock) {

        /** @return true while the round collects submissions */
        public boolean open() {
            return status == CoordinationContract.OPEN;
        }
    }

    /** @return the round's state at the ledger's head */
    public RoundView round() {
        byte[] answer = ledger.query("round", Codec.list(w -> w.writeLong(round)));
        return Codec.read(answer, r -> new RoundView(r.readInt(), r.readInt(), Codec.readDouble(r),
                Codec.readDouble(r), Codec.readDouble(r), Codec.readDouble(r), r.readInt(), r.readLong()));
    }

    /**
     * Does what the meter should do now: submit for the open iteration if it has not yet.
     *
     * @return true when it submitted a proposal
     */
    public boolean step() {
        RoundView view = round();
        if (!view.open() || view.iteration() <= answered) {
            return false;
        }
        Object[] b = Codec.read(ledger.query("broadcast", Codec.list(w -> {
            w.writeLong(round);
            Codec.writeString(w, id);
        })), r -> new Object[] {r.readInt(), Codec.readDouble(r), Codec.readMatrix(r), Codec.readMatrix(r)});
        int iteration = (Integer) b[0];
        TradingAgent.Proposal proposal = agent.propose((Double) b[1], (double[][]) b[2], (double[][]) b[3]);
        answered = iteration;
        if (!proposal.solved()) {
            failure = proposal.reason();
            return false;
        }
        ledger.call("submit", Codec.list(w -> {
            w.writeLong(round);
            w.writeInt(iteration);
            Codec.writeMatrix(w, proposal.trades());
        }));
        return true;
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
