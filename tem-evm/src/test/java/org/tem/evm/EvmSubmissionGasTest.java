package org.tem.evm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.solver.fixedpoint.FixedRoundConfig;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The gas limit of a submission ({@link EvmContract#closingReserve}, {@link EvmAccount#send(String,
 * String, java.math.BigInteger, long)}): a submission estimated while others of its iteration were
 * missing succeeds when it executes as the iteration's last, and no limit exceeds the block's.
 */
class EvmSubmissionGasTest {
    private static final long ROUND = 1;

    /** The operator's coordination, the meters' (in round order) and the round's terms on chain. */
    private record Setup(EvmCoordination operator, List<EvmCoordination> meters, FixedRoundConfig config) {
    }

    /** Deploys, funds and registers one meter per home and opens round 1 with the EVM test options. */
    private static Setup setup(EvmAccount operatorAccount, Vpp vpp) {
        EvmCoordination op = EvmCoordination.deploy(operatorAccount);
        List<EvmCoordination> meters = new ArrayList<>();
        for (int u = 0; u < vpp.size(); u++) {
            String id = vpp.prosumers().get(u).id();
            EvmAccount key = operatorAccount.withKey(EvmAdmmSolver.devKey(id, operatorAccount.address()));
            operatorAccount.send(key.address(), "0x", EvmAdmmSolver.FUNDING_WEI);
            op.register(id, Numeric.hexStringToByteArray(key.address())).join();
            meters.add(op.as(key));
        }
        op.openRound(ROUND, org.tem.solver.contract.RoundConfig.of(vpp, MeterRounds.options(), 100, 60_000)).join();
        return new Setup(op, meters, FixedRoundConfig.of(op.config(ROUND)));
    }

    /** Participant u's trades, links × slots kWh: non-zero on every link and slot (within any limit). */
    private static double[][] trades(FixedRoundConfig config, int u) {
        int links = config.peers().get(u).size();
        double[][] out = new double[links][config.slots()];
        for (int k = 0; k < links; k++) {
            for (int t = 0; t < config.slots(); t++) {
                out[k][t] = (u % 2 == 0 ? 1 : -1) * 0.25 * (1 + (t + k) % 3);
            }
        }
        return out;
    }

    /**
     * Three bilateral homes, 24 slots, on a node that mines only on demand. The first meter's
     * submission is estimated while no one has submitted and reaches the node's pool; the test takes
     * it out of the pool (as a node that lost it would) and keeps its signed bytes. The two others
     * are then mined, and the first's same signed transaction is sent again: it executes as the
     * iteration's last, completing its two pairs and running the closing step on an estimate made
     * as if it were the first. It succeeds and the iteration closes; it used more gas than its
     * estimate with the margin allowed (its limit less the reserve), so without the reserve it
     * would have run out of gas and reverted.
     */
    @Test
    void aSubmissionEstimatedWhileOthersWereMissingSucceedsAsTheIterationsLast() throws Exception {
        Vpp vpp = Days.day(3, 24, 3, Topology.BILATERAL);
        // the first meter must not send its transaction again by itself: the test does
        EvmOptions options = EvmOptions.DEFAULT.withTimeouts(60_000, 120_000);
        try (Anvil node = Anvil.start(); EvmAccount operator = EvmAccount.connect(node.url(), Anvil.OPERATOR_KEY,
                options)) {
            Setup s = setup(operator, vpp);
            operator.rpc("evm_setAutomine", false);
            CompletableFuture<Void> first = s.meters().get(0).submit(ROUND, 1, trades(s.config(), 0), false);
            String hash = awaitPending(operator, s.meters().get(0).contract().account().address());
            String raw = String.valueOf(operator.rpc("eth_getRawTransactionByHash", hash));
            operator.rpc("anvil_dropTransaction", hash);
            operator.rpc("evm_setAutomine", true);
            for (int u = 1; u < 3; u++) {
                s.meters().get(u).submit(ROUND, 1, trades(s.config(), u), false).join();
            }
            EvmContract.RoundView mid = s.operator().contract().round(ROUND);
            assertEquals(1, mid.iteration(), "iteration 1 still open");
            assertEquals(2, mid.submitted(), "the two others are in, the first is missing");
            operator.web3j().ethSendRawTransaction(raw).send();
            first.join();
            assertEquals(2, s.operator().contract().round(ROUND).iteration(), "the first meter's submission closed"
                    + " iteration 1");
            EthTransaction tx = operator.web3j().ethGetTransactionByHash(hash).send();
            TransactionReceipt r = operator.web3j().ethGetTransactionReceipt(hash).send().getTransactionReceipt()
                    .orElseThrow();
            assertTrue(r.isStatusOK(), "the first meter's submission succeeded");
            long limit = tx.getTransaction().orElseThrow().getGas().longValueExact();
            long withoutReserve = limit - EvmContract.closingReserve(s.config(), 0);
            assertTrue(r.getGasUsed().longValueExact() > withoutReserve, "it used " + r.getGasUsed()
                    + " gas, more than the " + withoutReserve + " its estimate with the margin allowed");
        }
    }

    /**
     * On a node whose blocks hold 5M gas, a round whose estimate and reserve add up to more (three
     * bilateral homes over 96 slots: a reserve of 4.14M) still deploys and runs its first
     * iteration: every limit is the block's gas limit, which a node accepts, where a larger one
     * would be refused as never includable.
     */
    @Test
    void aGasLimitNeverExceedsTheBlockGasLimit() throws Exception {
        long blockLimit = 5_000_000;
        Vpp vpp = Days.day(3, 96, 3, Topology.BILATERAL);
        try (Anvil node = Anvil.start("--gas-limit", Long.toString(blockLimit));
                EvmAccount operator = EvmAccount.connect(node.url(), Anvil.OPERATOR_KEY, EvmOptions.DEFAULT)) {
            Setup s = setup(operator, vpp);
            for (int u = 0; u < s.meters().size(); u++) {
                s.meters().get(u).submit(ROUND, 1, trades(s.config(), u), false).join();
                EthBlock.Block block = operator.web3j().ethGetBlockByNumber(DefaultBlockParameterName.LATEST, true)
                        .send().getBlock();
                EthBlock.TransactionObject tx = (EthBlock.TransactionObject) block.getTransactions().get(0);
                TransactionReceipt r = operator.web3j().ethGetTransactionReceipt(tx.getHash()).send()
                        .getTransactionReceipt().orElseThrow();
                long reserve = EvmContract.closingReserve(s.config(), u);
                // the estimate is at least the gas used, so the uncapped limit is above the block's
                assertTrue(r.getGasUsed().longValueExact() * 5 / 4 + 21_000 + reserve > blockLimit,
                        "the uncapped limit exceeds the block's");
                assertEquals(BigInteger.valueOf(blockLimit), tx.getGas(), "submission " + u + "'s gas limit");
            }
            assertEquals(2, s.operator().contract().round(ROUND).iteration(), "iteration 1 closed");
        }
    }

    /** The limit is the estimate with its margin plus the reserve, or the block's limit when less. */
    @Test
    void theGasLimitIsTheEstimateWithItsMarginPlusTheReserveCappedByTheBlock() {
        BigInteger block = BigInteger.valueOf(30_000_000);
        assertEquals(BigInteger.valueOf(1_250_000 + 21_000 + 4_620_000),
                EvmAccount.gasLimit(BigInteger.valueOf(1_000_000), 1.25, 4_620_000, block));
        assertEquals(block, EvmAccount.gasLimit(BigInteger.valueOf(24_000_000), 1.25, 4_620_000, block));
        assertEquals(BigInteger.valueOf(1_271_000), EvmAccount.gasLimit(BigInteger.valueOf(1_000_000), 1.25, 0, block));
    }

    /**
     * The reserve from the round's terms: bilateral, each of the participant's links' words at
     * 80,000 plus 300,000 for closing; pool, every participant's words and the shared price's at
     * 60,000 plus 300,000.
     */
    @Test
    void theReserveCoversEveryPairAndTheClosingStep() {
        Vpp bilateral = Days.day(10, 24, 3, Topology.BILATERAL);
        FixedRoundConfig b = FixedRoundConfig.of(org.tem.solver.contract.RoundConfig.of(bilateral,
                MeterRounds.options(), 100, 60_000));
        assertEquals(9L * 6 * 80_000 + 300_000, EvmContract.closingReserve(b, 0));
        Vpp pool = Days.day(10, 24, 3, Topology.POOL);
        FixedRoundConfig p = FixedRoundConfig.of(org.tem.solver.contract.RoundConfig.of(pool,
                MeterRounds.options(), 100, 60_000));
        assertEquals(11L * 6 * 60_000 + 300_000, EvmContract.closingReserve(p, 9));
    }

    /** Waits until the node's pool holds a pending transaction from the address; its hash (a watchdog of 60 s). */
    private static String awaitPending(EvmAccount node, String address) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Map<String, Map<String, Object>>>> content =
                    (Map<String, Map<String, Map<String, Map<String, Object>>>>) node.rpc("txpool_content");
            for (Map.Entry<String, Map<String, Map<String, Object>>> e : content.getOrDefault("pending", Map.of())
                    .entrySet()) {
                if (e.getKey().equalsIgnoreCase(address) && !e.getValue().isEmpty()) {
                    return String.valueOf(e.getValue().values().iterator().next().get("hash"));
                }
            }
            assertTrue(System.nanoTime() - start < 60_000_000_000L, "the submission never reached the pool");
            Thread.sleep(5);
        }
    }
}
