package org.tem.evm;

import java.util.Objects;
import org.tem.solver.fixedpoint.FixedPointAgent;

/**
 * The meter side of an EVM round: reads the round, and when an iteration is open that it has not
 * answered, reads its broadcast, solves its local problem with its private data
 * ({@link FixedPointAgent}) and submits its trades, signed with its own key. Only trade vectors
 * leave the meter. It keeps no state the chain does not also hold beyond the last iteration it
 * answered, so it carries on after a node restart: a submission the node already has is refused
 * by the contract ("already submitted") before anything is sent, and counts as done. Once
 * excluded it stops. Not thread-safe;
 * one per meter.
 */
public final class EvmMeter {
    private final EvmContract contract;
    private final long round;
    private final int index;
    private final int slots;
    private final long[] limits;
    private final FixedPointAgent agent;
    private int answered;
    private boolean excluded;
    private String failure = "";
    private long gasUsed;
    private long submissions;

    /**
     * @param contract the contract, through the meter's own account
     * @param round the round to follow
     * @param index the meter's index in the round
     * @param slots the round's slots
     * @param limits the limit of each of its links, energy units
     * @param agent its local solver
     */
    public EvmMeter(EvmContract contract, long round, int index, int slots, long[] limits, FixedPointAgent agent) {
        this.contract = Objects.requireNonNull(contract, "contract");
        this.round = round;
        this.index = index;
        this.slots = slots;
        this.limits = limits.clone();
        this.agent = Objects.requireNonNull(agent, "agent");
    }

    /**
     * Does what the meter should do now: submit for the open iteration if it has not yet.
     *
     * @return true when it sent a submission
     * @throws EvmException when the node stays unreachable
     */
    public boolean step() {
        return excluded ? false : step(contract.round(round));
    }

    /**
     * {@link #step()} on a round state the caller has just read (saves a query when one driver
     * runs several meters).
     *
     * @param view the round's state at the latest block
     * @return true when it sent a submission
     * @throws EvmException when the node stays unreachable
     */
    public boolean step(EvmContract.RoundView view) {
        if (excluded || !view.open() || view.closing() || view.iteration() <= answered) {
            return false;
        }
        EvmContract.Broadcast b = contract.broadcast(round, index, slots);
        if (b.excluded()) {
            excluded = true;
            return false;
        }
        FixedPointAgent.Proposal p = agent.propose(b.rho(), b.twiceAux(), b.lambda(), b.frozen(), limits);
        if (!p.solved()) {
            failure = p.reason();
            answered = b.iteration();
            return false;
        }
        try {
            gasUsed += contract.submit(round, b.iteration(), p.trades()).gasUsed();
            submissions++;
        } catch (RefusedException e) {
            if (!e.reason().contains("already submitted")) {
                throw e;
            }
            // the node has it (sent before a restart or a lost receipt): nothing to do
            answered = b.iteration();
            return false;
        }
        answered = b.iteration();
        return true;
    }

    /** @return the meter's index in the round */
    public int index() {
        return index;
    }

    /** @return true once the broadcast said the meter is excluded */
    public boolean excluded() {
        return excluded;
    }

    /** @return why the last local solve failed, or empty */
    public String failure() {
        return failure;
    }

    /** @return the gas of the submissions this meter sent */
    public long gasUsed() {
        return gasUsed;
    }

    /** @return the submissions this meter sent */
    public long submissions() {
        return submissions;
    }

    /** @return the meter's agent */
    public FixedPointAgent agent() {
        return agent;
    }
}
