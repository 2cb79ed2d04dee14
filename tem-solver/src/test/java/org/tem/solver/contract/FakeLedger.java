package org.tem.solver.contract;

import java.util.Arrays;
import java.util.Optional;
import java.util.TreeMap;
import org.tem.api.contract.CallContext;
import org.tem.api.contract.Contract;
import org.tem.api.contract.ContractException;

/**
 * A minimal ledger for contract tests: one contract, a sorted key-value state, a block number set
 * by the test, calls that either complete or leave the state exactly as it was (like the real
 * runtime), and the {@link CoordinationLedger} view of one sender.
 */
final class FakeLedger {
    final TreeMap<byte[], byte[]> state = new TreeMap<>(Arrays::compare);
    final Contract contract;
    long block = 1;

    FakeLedger(Contract contract, byte[] operator) {
        this.contract = contract;
        state.put(CoordinationContract.OPERATOR_KEY, operator);
    }

    /** Runs a call; on a ContractException every write is discarded and the exception rethrown. */
    byte[] call(byte[] sender, String method, byte[] args) {
        TreeMap<byte[], byte[]> staged = new TreeMap<>(Arrays::compare);
        staged.putAll(state);
        CallContext ctx = new CallContext() {
            @Override
            public byte[] sender() {
                return sender.clone();
            }

            @Override
            public void put(byte[] key, byte[] value) {
                staged.put(key.clone(), value.clone());
            }

            @Override
            public void delete(byte[] key) {
                staged.remove(key);
            }

            @Override
            public void emit(String event, byte[] data) {
            }

            @Override
            public byte[] contractAddress() {
                return new byte[20];
            }

            @Override
            public long blockNumber() {
                return block;
            }

            @Override
            public long timestamp() {
                return block * 1000;
            }

            @Override
            public long medianTimestamp() {
                return Math.max(0, block - 1) * 1000;
            }

            @Override
            public Optional<byte[]> get(byte[] key) {
                return Optional.ofNullable(staged.get(key)).map(byte[]::clone);
            }
        };
        byte[] out = contract.call(ctx, method, args);
        state.clear();
        state.putAll(staged);
        return out;
    }

    byte[] query(String method, byte[] args) {
        return contract.query(new org.tem.api.contract.ReadContext() {
            @Override
            public byte[] contractAddress() {
                return new byte[20];
            }

            @Override
            public long blockNumber() {
                return block;
            }

            @Override
            public long timestamp() {
                return block * 1000;
            }

            @Override
            public long medianTimestamp() {
                return Math.max(0, block - 1) * 1000;
            }

            @Override
            public Optional<byte[]> get(byte[] key) {
                return Optional.ofNullable(state.get(key)).map(byte[]::clone);
            }
        }, method, args);
    }

    /** A snapshot of the state for "nothing changed" assertions. */
    TreeMap<byte[], byte[]> snapshot() {
        TreeMap<byte[], byte[]> copy = new TreeMap<>(Arrays::compare);
        state.forEach((k, v) -> copy.put(k.clone(), v.clone()));
        return copy;
    }

    static boolean same(TreeMap<byte[], byte[]> a, TreeMap<byte[], byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        var ia = a.entrySet().iterator();
        var ib = b.entrySet().iterator();
        while (ia.hasNext()) {
            var x = ia.next();
            var y = ib.next();
            if (!Arrays.equals(x.getKey(), y.getKey()) || !Arrays.equals(x.getValue(), y.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** The ledger as one sender sees it; calls execute at once, failures throw. */
    CoordinationLedger as(byte[] sender) {
        return new CoordinationLedger() {
            @Override
            public void call(String method, byte[] args) {
                FakeLedger.this.call(sender, method, args);
            }

            @Override
            public byte[] query(String method, byte[] args) {
                return FakeLedger.this.query(method, args);
            }
        };
    }

    static byte[] address(int n) {
        byte[] a = new byte[20];
        a[19] = (byte) n;
        a[0] = 0x7e;
        return a;
    }

    static void expectRejection(Runnable call, String reasonPart) {
        try {
            call.run();
        } catch (ContractException e) {
            if (!e.getMessage().contains(reasonPart)) {
                throw new AssertionError("reason '" + e.getMessage() + "' does not mention '" + reasonPart + "'");
            }
            return;
        }
        throw new AssertionError("expected a rejection mentioning '" + reasonPart + "'");
    }
}
