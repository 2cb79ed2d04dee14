package org.tem.solver.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tem.api.contract.ContractException;
import org.tem.solver.admm.AdmmOutcome;

/** The stored codes of a round's status, and how a closed round reads as an ADMM run. */
class RoundStatusTest {

    @Test
    void codesRoundTripAndAnUnknownCodeIsRefused() {
        for (RoundStatus s : RoundStatus.values()) {
            assertEquals(s, RoundStatus.fromCode(s.code()));
        }
        assertEquals(List.of(1, 2, 3, 4), List.of(RoundStatus.OPEN.code(), RoundStatus.FINAL.code(),
                RoundStatus.MAX_ITERATIONS.code(), RoundStatus.ABANDONED.code()), "codes never change meaning");
        assertThrows(ContractException.class, () -> RoundStatus.fromCode(0));
        assertThrows(ContractException.class, () -> RoundStatus.fromCode(5));
    }

    @Test
    void eachEndingReadsAsItsOutcomeWithItsReason() {
        AdmmOutcome fin = RoundStatus.FINAL.outcome(List.of(), 100, List.of());
        assertEquals(AdmmOutcome.Status.CONVERGED, fin.status());
        assertEquals("", fin.reason());
        AdmmOutcome cap = RoundStatus.MAX_ITERATIONS.outcome(List.of(), 100, List.of("h2"));
        assertEquals(AdmmOutcome.Status.MAX_ITERATIONS, cap.status());
        assertEquals("iteration cap 100 reached", cap.reason());
        assertEquals(List.of("h2"), cap.excluded());
        AdmmOutcome gone = RoundStatus.ABANDONED.outcome(List.of(), 100, List.of("a", "b"));
        assertEquals(AdmmOutcome.Status.ABANDONED, gone.status());
        assertEquals("every prosumer was excluded for missing its deadlines", gone.reason());
        assertEquals(AdmmOutcome.Status.MAX_ITERATIONS, RoundStatus.OPEN.outcome(List.of(), 7, List.of()).status());
    }
}
