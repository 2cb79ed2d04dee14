package org.tem.solver.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.api.contract.ContractException;
import org.tem.solver.VppsForAdmm;
import org.tem.solver.admm.AdmmOptions;

/**
 * {@link ContractCoordination} against a hostile or broken channel: every bad answer is a typed
 * {@link CoordinationException} of the right kind, never another exception, and a meter reading
 * one waits instead of crashing.
 */
class ContractCoordinationTest {

    /** A channel whose every query answers {@code answer}, and whose calls answer {@code receipt}. */
    private static CoordinationChannel answering(Function<String, byte[]> answer,
            Function<String, CompletableFuture<CoordinationChannel.Outcome>> receipt) {
        return new CoordinationChannel() {
            @Override
            public CompletableFuture<Outcome> call(String method, byte[] args) {
                return receipt.apply(method);
            }

            @Override
            public byte[] query(String method, byte[] args) {
                return answer.apply(method);
            }
        };
    }

    private static Coordination answering(byte[] answer) {
        return new ContractCoordination(answering(m -> answer, m -> new CompletableFuture<>()));
    }

    private static void malformed(Coordination c) {
        List<Runnable> reads = List.of(() -> c.round(1), () -> c.broadcast(1, "p0"), () -> c.config(1),
                () -> c.submitted(1, "p0"), () -> c.excluded(1), () -> c.settled(1, "p0"),
                () -> c.settlement(1, "p0"));
        for (Runnable read : reads) {
            CoordinationException e = assertThrows(CoordinationException.class, read::run);
            assertEquals(CoordinationException.Kind.MALFORMED, e.kind(), e.reason());
        }
    }

    private static byte[] roundAnswer(int status, int iteration) {
        return Codec.list(w -> {
            w.writeInt(status);
            w.writeInt(iteration);
            for (int i = 0; i < 4; i++) {
                Codec.writeDouble(w, 1.0);
            }
            w.writeInt(0);
            Codec.writeSignedLong(w, 5);
            w.writeInt(3);
        });
    }

    private static byte[] broadcastAnswer(int rows, int flagRows, int frozenFlag, int candidate) {
        return Codec.list(w -> {
            w.writeInt(1);
            Codec.writeDouble(w, 1.0);
            Codec.writeMatrix(w, new double[rows][3]);
            Codec.writeMatrix(w, new double[2][3]);
            byte[] flags = new byte[flagRows];
            java.util.Arrays.fill(flags, (byte) frozenFlag);
            w.writeByteArray(flags);
            w.writeInt(0);
            w.writeInt(candidate);
            Codec.writeMatrix(w, new double[0][]);
        });
    }

    @Test
    void everyReadOfGarbageIsMalformed() {
        malformed(answering(new byte[] {1, 2, 3}));
        malformed(answering(new byte[] {(byte) 0xc3, 1, 2}));
        malformed(answering(new byte[0]));
        malformed(answering((byte[]) null));
        // a well-formed list of the wrong items
        malformed(answering(Codec.list(w -> {
            w.writeInt(1);
            w.writeInt(2);
            w.writeInt(3);
        })));
    }

    @Test
    void answersThatDecodeButBreakTheContractsRulesAreMalformed() {
        List<byte[]> bad = List.of(
                roundAnswer(9, 1), roundAnswer(1, 0),
                broadcastAnswer(3, 2, 0, 0), broadcastAnswer(2, 1, 0, 0), broadcastAnswer(2, 2, 2, 0),
                broadcastAnswer(2, 2, 0, 1), broadcastAnswer(2, 2, 0, 7),
                // a matrix header that claims Integer.MAX_VALUE rows of nothing
                Codec.list(w -> {
                    w.writeInt(Integer.MAX_VALUE);
                    w.writeInt(0);
                    w.writeByteArray(new byte[0]);
                }),
                Codec.list(w -> w.writeByteArray(new byte[] {1, 2})),
                Codec.list(w -> w.writeInt(2)));
        for (byte[] answer : bad) {
            Coordination c = answering(answer);
            List<Runnable> reads = List.of(() -> c.round(1), () -> c.broadcast(1, "p0"), () -> c.config(1),
                    () -> c.submitted(1, "p0"), () -> c.settled(1, "p0"), () -> c.settlement(1, "p0"));
            for (Runnable read : reads) {
                CoordinationException e = assertThrows(CoordinationException.class, read::run);
                assertEquals(CoordinationException.Kind.MALFORMED, e.kind(), e.reason());
            }
        }
        // the well-formed versions of the same answers decode (so the cases above fail for their fault)
        assertEquals(RoundStatus.OPEN, answering(roundAnswer(1, 1)).round(1).status());
        assertEquals(2, answering(broadcastAnswer(2, 2, 1, 0)).broadcast(1, "p0").frozen().length);
    }

    @Test
    void aRefusedQueryIsRefusedAndABrokenChannelIsNotExecuted() {
        Coordination refusing = new ContractCoordination(answering(m -> {
            throw new ContractException("unknown round 1");
        }, m -> new CompletableFuture<>()));
        CoordinationException e = assertThrows(CoordinationException.class, () -> refusing.round(1));
        assertEquals(CoordinationException.Kind.REFUSED, e.kind());
        assertEquals("unknown round 1", e.reason());
        Coordination broken = new ContractCoordination(answering(m -> {
            throw new IllegalStateException("node stopped");
        }, m -> {
            throw new IllegalStateException("node stopped");
        }));
        assertEquals(CoordinationException.Kind.NOT_EXECUTED,
                assertThrows(CoordinationException.class, () -> broken.excluded(1)).kind());
        assertEquals(CoordinationException.Kind.NOT_EXECUTED, failure(broken.advance(1)).kind());
    }

    @Test
    void aCallsFutureFailsWithTheKindOfItsFailure() {
        List<CompletableFuture<CoordinationChannel.Outcome>> answers = new ArrayList<>();
        Coordination c = new ContractCoordination(answering(m -> new byte[0], m -> answers.remove(0)));
        answers.add(CompletableFuture.completedFuture(new CoordinationChannel.Outcome(false, "submit: round 1 is closed")));
        CoordinationException refused = failure(c.submit(1, 1, new double[1][1], false));
        assertEquals(CoordinationException.Kind.REFUSED, refused.kind());
        assertEquals("submit: round 1 is closed", refused.reason());
        answers.add(CompletableFuture.failedFuture(new IllegalStateException("mempool full")));
        CoordinationException dropped = failure(c.advance(1));
        assertEquals(CoordinationException.Kind.NOT_EXECUTED, dropped.kind());
        assertTrue(dropped.reason().contains("mempool full"), dropped.reason());
        answers.add(CompletableFuture.completedFuture(null));
        assertEquals(CoordinationException.Kind.MALFORMED, failure(c.advance(1)).kind());
        answers.add(null);
        assertEquals(CoordinationException.Kind.NOT_EXECUTED, failure(c.advance(1)).kind());
        answers.add(CompletableFuture.completedFuture(CoordinationChannel.Outcome.OK));
        assertTrue(c.advance(1).isDone());
        // ragged trades do not encode: refused without reaching the channel
        assertEquals(CoordinationException.Kind.REFUSED, failure(c.submit(1, 1, new double[][] {{1}, {1, 2}},
                false)).kind());
    }

    private static CoordinationException failure(CompletableFuture<Void> f) {
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        return (CoordinationException) e.getCause();
    }

    @Test
    void aMeterReadingAHostileAnswerWaitsAndReportsItInsteadOfCrashing() {
        Vpp vpp = VppsForAdmm.vpp(3, 3, 5, Topology.BILATERAL);
        byte[] config = RoundConfig.of(vpp, AdmmOptions.DEFAULT, 100, 5_000).encode();
        byte[][] broadcast = {broadcastAnswer(2, 2, 2, 0)};
        Coordination c = new ContractCoordination(answering(m -> switch (m) {
            case "config" -> Codec.list(w -> w.writeByteArray(config));
            case "round" -> roundAnswer(1, 1);
            default -> broadcast[0];
        }, m -> new CompletableFuture<>()));
        Meter meter = new Meter(vpp.prosumers().get(0), vpp.market(), c, 1, () -> 0L, 1_000);
        assertEquals(Meter.Action.WAITING, meter.step());
        assertEquals(CoordinationException.Kind.MALFORMED, meter.lastError().orElseThrow().kind());
        // a broadcast of the wrong number of links for this meter (well-formed otherwise)
        broadcast[0] = Codec.list(w -> {
            w.writeInt(1);
            Codec.writeDouble(w, 1.0);
            Codec.writeMatrix(w, new double[5][3]);
            Codec.writeMatrix(w, new double[5][3]);
            w.writeByteArray(new byte[5]);
            w.writeInt(0);
            w.writeInt(0);
            Codec.writeMatrix(w, new double[0][]);
        });
        assertEquals(Meter.Action.WAITING, meter.step());
        CoordinationException e = meter.lastError().orElseThrow();
        assertEquals(CoordinationException.Kind.MALFORMED, e.kind());
        assertTrue(e.reason().contains("5 links"), e.reason());
        assertEquals(0, meter.submissions());
        // a candidate beyond the link's limit
        double huge = 1e7;
        broadcast[0] = Codec.list(w -> {
            w.writeInt(1);
            Codec.writeDouble(w, 1.0);
            Codec.writeMatrix(w, new double[2][3]);
            Codec.writeMatrix(w, new double[2][3]);
            w.writeByteArray(new byte[2]);
            w.writeInt(0);
            w.writeInt(1);
            Codec.writeMatrix(w, new double[][] {{huge, 0, 0}, {0, 0, 0}});
        });
        assertEquals(Meter.Action.WAITING, meter.step());
        assertEquals(CoordinationException.Kind.MALFORMED, meter.lastError().orElseThrow().kind());
        assertEquals(0, meter.submissions());
    }
}
