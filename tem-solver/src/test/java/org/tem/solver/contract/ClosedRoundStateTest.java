package org.tem.solver.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.api.contract.ContractException;
import org.tem.ledger.crypto.KeyPair;
import org.tem.solver.VppsForAdmm;
import org.tem.solver.admm.AdmmLinks;
import org.tem.solver.admm.AdmmOptions;
import org.tem.solver.admm.SilenceSchedule;

/**
 * Issue 8: a closed round (final, at its iteration cap, or abandoned) keeps its results and
 * deletes its working state from the ledger's state, in the closing transaction.
 */
class ClosedRoundStateTest {

    private Vpp vpp;
    private ContractChain chain;

    @BeforeEach
    void setUp() {
        vpp = VppsForAdmm.vpp(3, 3, 5, Topology.BILATERAL);
        List<KeyPair> keys = new ArrayList<>();
        for (int u = 0; u < vpp.size(); u++) {
            keys.add(key(u));
        }
        chain = new ContractChain(keys);
        for (int u = 0; u < vpp.size(); u++) {
            chain.ok(ContractChain.OPERATOR, "register", Rounds.register(vpp.prosumers().get(u).id(), key(u)));
        }
    }

    private KeyPair key(int u) {
        return ContractChain.key(vpp.prosumers().get(u).id());
    }

    private RoundConfig config(AdmmOptions options) {
        return RoundConfig.of(vpp, options, 100, 5_000);
    }

    private void run(AdmmOptions options, SilenceSchedule silence) {
        chain.ok(ContractChain.OPERATOR, "openRound", Rounds.open(1, config(options).encode()));
        assertTrue(stored("round/1/state/") > 0, "an open round has working state");
        List<Meter> meters = new ArrayList<>();
        for (int u = 0; u < vpp.size(); u++) {
            meters.add(new Meter(vpp.prosumers().get(u), vpp.market(), chain.coordination(key(u)), 1, () -> chain.time,
                    5_000));
        }
        Rounds.drive(chain, meters, 1, silence);
    }

    /** How many entries of the contract's state at the head start with {@code prefix}. */
    private int stored(String prefix) {
        int[] n = {0};
        chain.chain.state().scan(ContractChain.CONTRACT, Bytes.wrap(prefix.getBytes(StandardCharsets.UTF_8)),
                (k, v) -> {
                    n[0]++;
                    return true;
                });
        return n[0];
    }

    private double[][] trades() {
        return Codec.read(chain.query("trades", Rounds.round(1)), Codec::readMatrix);
    }

    private void assertResultsKeptAndWorkingStateGone() {
        assertEquals(0, stored("round/1/state/"), "the working state is deleted");
        assertEquals(0, stored("round/1/submission/"));
        assertTrue(stored("round/1/trades/") > 0, "the final trades are kept");
        for (String kept : List.of("round/1/config", "round/1/status", "round/1/excluded")) {
            assertEquals(1, stored(kept), kept);
        }
        AdmmLinks links = config(AdmmOptions.DEFAULT).links();
        double[][] t = trades();
        assertEquals(links.size(), t.length);
        assertThrows(ContractException.class, () -> chain.query("broadcast", Rounds.roundAndId(1,
                vpp.prosumers().get(0).id())), "a closed round has no broadcast");
    }

    @Test
    void aSettledRoundKeepsTheTradesItSettledAndDeletesItsWorkingState() {
        run(AdmmOptions.DEFAULT, SilenceSchedule.NONE);
        assertEquals(RoundStatus.FINAL, chain.coordination(ContractChain.OPERATOR).round(1).status());
        assertResultsKeptAndWorkingStateGone();
        long[] expected = Settlement.payments(config(AdmmOptions.DEFAULT).links(), trades(), vpp.market().p2pPrice(),
                100);
        for (int u = 0; u < vpp.size(); u++) {
            long paid = Codec.read(chain.query("settlement", Rounds.roundAndId(1, vpp.prosumers().get(u).id())),
                    Codec::readSignedLong);
            assertEquals(expected[u], paid, "the kept trades are the ones the settlement was computed from");
        }
    }

    /** A round stopped at its cap is cleaned, and, settling no payment, keeps zero trades for everyone. */
    @Test
    void aRoundStoppedAtItsIterationCapIsCleanedToo() {
        run(AdmmOptions.DEFAULT.withMaxIterations(2), SilenceSchedule.NONE);
        assertEquals(RoundStatus.MAX_ITERATIONS, chain.coordination(ContractChain.OPERATOR).round(1).status());
        assertResultsKeptAndWorkingStateGone();
        for (double[] link : trades()) {
            assertTrue(java.util.Arrays.stream(link).allMatch(x -> x == 0), "a capped round trades nothing");
        }
        for (var p : vpp.prosumers()) {
            double[][] mine = Codec.read(chain.query("settled", Rounds.roundAndId(1, p.id())), Codec::readMatrix);
            for (double[] link : mine) {
                assertTrue(java.util.Arrays.stream(link).allMatch(x -> x == 0), p.id() + " is settled nothing");
            }
        }
    }

    @Test
    void anAbandonedRoundIsCleanedToo() {
        run(AdmmOptions.DEFAULT, (u, k) -> true);
        assertEquals(RoundStatus.ABANDONED, chain.coordination(ContractChain.OPERATOR).round(1).status());
        assertResultsKeptAndWorkingStateGone();
    }
}
