package org.tem.examples.evm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.tem.api.Solution;
import org.tem.evm.EvmAccount;
import org.tem.evm.EvmAdmmSolver;
import org.tem.evm.EvmOptions;
import org.tem.examples.simulate.DayCoordinator;
import org.tem.examples.simulate.DayInput;
import org.tem.examples.simulate.DayOutcome;
import org.tem.examples.simulate.LedgerFigures;
import org.tem.examples.simulate.RoundListener;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.SilenceSchedule;

/**
 * {@code tem simulate --ledger evm}: each day's round on an EVM node ({@link EvmAdmmSolver}: plain ADMM
 * in the contract's fixed point, every iteration checked against the Java mirror). The first day
 * deploys the coordination contract (or attaches to the one given); later days open new rounds on
 * the same contract. The operator's key pays for deployment, registration, opening and funding the
 * meters' development keys; the meters pay for their submissions. The ledger figures are the
 * round's transactions, the blocks the node sealed meanwhile and the settlement; confirmation
 * delays are not measured on an EVM node (none are reported). Not thread-safe: one day at a time,
 * as {@link DayCoordinator} requires.
 */
public final class EvmDayCoordinator implements DayCoordinator {
    private final EvmAccount operator;
    private final AdmmOptions options;
    private String contract;

    /**
     * Connects to the node.
     *
     * @param rpcUrl the node's JSON-RPC URL
     * @param keyHex the operator's private key, hex
     * @param contractAddress a deployed contract to use, or null to deploy one on the first day
     * @param options the ADMM settings (acceleration is turned off; the SETTLED rule becomes STANDARD)
     * @throws org.tem.evm.EvmException when the node cannot be reached
     */
    public EvmDayCoordinator(String rpcUrl, String keyHex, String contractAddress, AdmmOptions options) {
        AdmmOptions o = options.withAcceleration(false);
        this.options = o.rule() == AdmmOptions.StoppingRule.SETTLED ? o.withRule(AdmmOptions.StoppingRule.STANDARD) : o;
        this.contract = contractAddress;
        this.operator = EvmAccount.connect(rpcUrl, keyHex, EvmOptions.DEFAULT);
    }

    @Override
    public String method() {
        return "evm";
    }

    @Override
    public DayOutcome coordinate(DayInput input, RoundListener listener) {
        Objects.requireNonNull(listener, "listener");
        long firstBlock = operator.blockNumber();
        EvmAdmmSolver solver = new EvmAdmmSolver(operator, contract, options, listener::onIteration,
                SilenceSchedule.NONE);
        Solution solution = solver.solve(input.vpp());
        contract = solver.contractAddress();
        long blocks = Math.max(0, operator.blockNumber() - firstBlock);
        listener.onBlocks(blocks);
        List<Long> pay = solver.settlements();
        Map<String, Long> settlement = new LinkedHashMap<>();
        for (int u = 0; u < pay.size(); u++) {
            settlement.put(input.vpp().prosumers().get(u).id(), pay.get(u));
        }
        return new DayOutcome(solution, Optional.of(new LedgerFigures(solver.transactions(), blocks, new double[0],
                settlement)));
    }

    /** @return the contract's address once the first day ran (or the one given), else empty */
    public Optional<String> contractAddress() {
        return Optional.ofNullable(contract);
    }

    /** Closes the connection to the node. */
    @Override
    public void close() {
        operator.close();
    }
}
