package org.tem.evm;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tem.api.Solution;
import org.tem.api.Vpp;
import org.tem.solver.admm.AdmmIteration;
import org.tem.solver.admm.AdmmLinks;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.AdmmOutcome;
import org.tem.solver.admm.AdmmSolver;
import org.tem.solver.admm.LocalAgent;
import org.tem.solver.admm.SettledSchedule;
import org.tem.solver.admm.SilenceSchedule;
import org.tem.solver.contract.RoundConfig;
import org.tem.solver.contract.RoundStatus;
import org.tem.solver.fixedpoint.FixedIteration;
import org.tem.solver.fixedpoint.FixedPointAgent;
import org.tem.solver.fixedpoint.FixedRoundConfig;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * One day's ADMM round on an EVM node: the operator deploys the coordination contract (or attaches
 * to a deployed one), registers every prosumer's meter, opens a round, and each meter
 * ({@link EvmMeter}) reads its broadcast, solves its own problem and submits signed trades; the
 * contract does the coordination step. Every closed iteration is replayed in the Java mirror
 * ({@link EvmRoundVerifier}), so a run also checks the chain's arithmetic bit for bit.
 *
 * <p>Meter keys are <b>development keys</b> derived from the prosumer ids and the operator's address
 * (Keccak-256 of a fixed text), funded by the operator with {@link #FUNDING_WEI}: fine for a
 * simulation against a dev node, never for a real deployment, where every meter holds its own key.
 * A {@link SilenceSchedule} simulates silent meters; the driver then moves the node's clock to the
 * iteration's deadline with {@code evm_setNextBlockTimestamp} (Anvil, Hardhat) and the operator
 * advances. Not thread-safe.
 */
public final class EvmAdmmSolver {
    /** The per-iteration deadline of the round, milliseconds of block time. */
    public static final long DEADLINE_MILLIS = 60_000;
    /** What the operator sends a meter whose balance is below half of it, wei (10 ether). */
    public static final BigInteger FUNDING_WEI = BigInteger.TEN.pow(19);

    private final EvmAccount operator;
    private final String contractAddress;
    private final AdmmOptions options;
    private final AdmmListener listener;
    private final SilenceSchedule silence;
    private String deployed = "";
    private long round;
    private long gas;
    private long transactions;
    private List<Long> settlements = List.of();
    private List<double[][]> settled = List.of();
    private List<FixedIteration> iterations = List.of();

    /**
     * @param operator the operator's account (pays for deployment, registration, funding, advances)
     * @param contractAddress a deployed contract to attach to, or null to deploy one
     * @param options the round's ADMM settings; acceleration is turned off (the EVM round is plain ADMM)
     * @param listener receives a report after every iteration
     * @param silence which meter (by index) stays silent in which iteration
     */
    public EvmAdmmSolver(EvmAccount operator, String contractAddress, AdmmOptions options, AdmmListener listener,
            SilenceSchedule silence) {
        this.operator = Objects.requireNonNull(operator, "operator");
        this.contractAddress = contractAddress;
        this.options = options.withAcceleration(false);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.silence = Objects.requireNonNull(silence, "silence");
    }

    /**
     * @param id a prosumer id
     * @param operatorAddress the operator's address
     * @return the development key of that prosumer's meter, hex
     */
    public static String devKey(String id, String operatorAddress) {
        byte[] seed = Hash.sha3(("tem evm dev key: " + operatorAddress + "/" + id).getBytes(StandardCharsets.UTF_8));
        return Numeric.toHexStringNoPrefixZeroPadded(new BigInteger(1, seed), 64);
    }

    /**
     * Runs the day's round.
     *
     * @param vpp the VPP
     * @return the solution, method {@code "evm"}
     * @throws IllegalArgumentException when the VPP does not fit an EVM round's bounds
     * @throws EvmException when the node fails
     * @throws IllegalStateException when the chain and the Java mirror disagree
     */
    public Solution solve(Vpp vpp) {
        long start = System.nanoTime();
        RoundConfig terms = RoundConfig.of(vpp, options, 100, DEADLINE_MILLIS);
        FixedRoundConfig config = FixedRoundConfig.of(terms);
        gas = 0;
        transactions = 0;
        EvmContract contract = contractAddress == null ? EvmContract.deploy(operator)
                : EvmContract.attach(operator, contractAddress);
        contract.deployment().ifPresent(this::add);
        deployed = contract.address();
        List<EvmAccount> keys = new ArrayList<>();
        for (int u = 0; u < vpp.size(); u++) {
            String id = vpp.prosumers().get(u).id();
            EvmAccount meter = operator.withKey(devKey(id, operator.address()));
            keys.add(meter);
            if (operator.balance(meter.address()).compareTo(FUNDING_WEI.shiftRight(1)) < 0) {
                add(operator.send(meter.address(), "0x", FUNDING_WEI));
            }
            try {
                add(contract.register(id, meter.address()));
            } catch (RefusedException e) {
                if (!e.reason().contains("already registered")) {
                    throw e;
                }
            }
        }
        round = operator.blockNumber() + 1;
        while (true) {
            try {
                add(contract.openRound(round, terms));
                break;
            } catch (RefusedException e) {
                if (!e.reason().contains("must be new")) {
                    throw e;
                }
                round++;
            }
        }
        AdmmLinks links = config.links();
        List<EvmMeter> meters = new ArrayList<>();
        List<LocalAgent> agents = new ArrayList<>();
        for (int u = 0; u < vpp.size(); u++) {
            LocalAgent agent = LocalAgent.of(vpp, u);
            agents.add(agent);
            long[] limits = new long[links.end(u) - links.start(u)];
            for (int i = 0; i < limits.length; i++) {
                limits[i] = config.limit(links, links.start(u) + i);
            }
            meters.add(new EvmMeter(contract.as(keys.get(u)), round, u, config.slots(), limits,
                    new FixedPointAgent(agent)));
        }
        EvmRoundVerifier verifier = new EvmRoundVerifier(contract, round, config);
        List<AdmmIteration> history = new ArrayList<>();
        List<FixedIteration> fixed = new ArrayList<>();
        EvmContract.RoundView view = contract.round(round);
        while (view.open()) {
            int k = view.iteration();
            List<Integer> submitters = new ArrayList<>();
            for (EvmMeter m : meters) {
                if (!silence.silent(m.index(), k) && m.step(view)) {
                    submitters.add(m.index());
                }
            }
            for (int u = 0; u < meters.size(); u++) {
                if (!meters.get(u).failure().isEmpty()) {
                    AdmmOutcome failed = new AdmmOutcome(AdmmOutcome.Status.AGENT_FAILED, history.size(), history,
                            new double[0][], new double[0][], vpp.prosumers().get(u).id(), vpp.prosumers().get(u).id()
                            + ": local problem not solved (" + meters.get(u).failure() + ")", List.of());
                    return AdmmSolver.solution("evm", links, List.of(), failed, (System.nanoTime() - start) / 1e9);
                }
            }
            view = contract.round(round);
            if (view.open() && view.iteration() == k) {
                operator.advanceClockTo(view.deadlineMillis());
                do {
                    add(contract.advance(round));
                    view = contract.round(round);
                } while (view.open() && view.iteration() == k && view.closing());
            }
            FixedIteration it = verifier.replay(submitters.stream().mapToInt(Integer::intValue).toArray());
            fixed.add(it);
            AdmmIteration report = new AdmmIteration(k, it.primalKwh(), it.dualPrice(), it.paperKwh(), it.rhoValue(),
                    it.converged(), System.nanoTime() - start);
            history.add(report);
            listener.onIteration(report);
        }
        for (EvmMeter m : meters) {
            gas += m.gasUsed();
            transactions += m.submissions();
        }
        iterations = List.copyOf(fixed);
        List<Long> pay = new ArrayList<>();
        if (view.status() == RoundStatus.FINAL) {
            long[] mirrored = verifier.mirror().payments();
            for (int u = 0; u < vpp.size(); u++) {
                long p = contract.settlement(round, u);
                if (p != mirrored[u]) {
                    throw new IllegalStateException("settlement of participant " + u + ": " + p + " on chain, "
                            + mirrored[u] + " in Java");
                }
                pay.add(p);
            }
        }
        settlements = List.copyOf(pay);
        List<double[][]> kwh = new ArrayList<>();
        for (int u = 0; u < vpp.size(); u++) {
            kwh.add(contract.trades(round, u, config.slots()));
        }
        settled = List.copyOf(kwh);
        boolean[] out = contract.excluded(round);
        List<String> excluded = new ArrayList<>();
        for (int u = 0; u < out.length; u++) {
            if (out[u]) {
                excluded.add(vpp.prosumers().get(u).id());
            }
        }
        AdmmOutcome outcome = view.status().outcome(history, options.maxIterations(), excluded);
        // the honest result: each home re-solves once with its trades fixed to what the chain settled
        // (nothing unless the round is final: a round stopped at its cap books no payment)
        List<SettledSchedule> schedules = new ArrayList<>();
        for (int u = 0; u < vpp.size(); u++) {
            double[][] mine = settled.get(u);
            schedules.add(agents.get(u).settle(view.status() == RoundStatus.FINAL ? mine
                    : new double[mine.length][config.slots()]));
        }
        return AdmmSolver.solution("evm", links, schedules, outcome, (System.nanoTime() - start) / 1e9);
    }

    private void add(EvmAccount.Receipt r) {
        gas += r.gasUsed();
        transactions++;
    }

    /** @return the contract's address (deployed or attached) after {@link #solve} */
    public String contractAddress() {
        return deployed;
    }

    /** @return the round number the last run opened */
    public long round() {
        return round;
    }

    /** @return the gas of every transaction of the last run (deployment, setup, submissions, advances) */
    public long gasUsed() {
        return gas;
    }

    /** @return the transactions of the last run (deployment, setup, submissions, advances) */
    public long transactions() {
        return transactions;
    }

    /** @return the settled payments of the last run in minor units, by participant (empty unless final) */
    public List<Long> settlements() {
        return settlements;
    }

    /**
     * The reciprocal trades {@code p'} the last run ended with, as the chain holds them: the
     * schedule settlement pays for, and the input of {@link org.tem.solver.fixedpoint.ReciprocalCost}.
     *
     * @return per prosumer, links × slots in its links' order, kWh, positive = bought (fresh copies)
     */
    public List<double[][]> settledKwh() {
        List<double[][]> out = new ArrayList<>();
        for (double[][] m : settled) {
            double[][] c = new double[m.length][];
            for (int k = 0; k < m.length; k++) {
                c[k] = m[k].clone();
            }
            out.add(c);
        }
        return out;
    }

    /** @return each closed iteration of the last run, as the contract and the mirror computed it */
    public List<FixedIteration> iterations() {
        return iterations;
    }
}
