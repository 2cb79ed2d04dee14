package org.tem.ledger.chain;

import java.nio.file.Path;
import java.util.function.Predicate;
import org.tem.ledger.BankContract;
import org.tem.ledger.Fixtures;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.dev.DevChain;
import org.tem.ledger.storage.CrashHooks;
import org.tem.ledger.storage.KeyValueStorage;
import org.tem.ledger.storage.RocksDbStorage;
import org.tem.ledger.storage.SplitCommitStorage;
import org.tem.ledger.storage.StorageBatch;
import org.tem.ledger.trie.TrieOptions;

/**
 * The victim of {@link CrashRecoveryIT}: a dev-chain node on RocksDB (pruning window
 * {@value #WINDOW}, so every block's commit is followed by a prune of real size) that seals
 * blocks of many state-growing transfers, printing {@code sealing <number>} before each block and
 * {@code committed <number>} after it. After {@value #ARM_AFTER} blocks it arms a hook that parks
 * the committing thread inside a commit and prints {@code parked ...}; the test then kills it
 * with SIGKILL.
 *
 * <p>Arguments: the database directory; where to park ({@code block-half}: half of a block's
 * batch staged; {@code block-written}: a block's batch written and synced, before the commit
 * returns; {@code prune-half}: half of a pruning batch staged); and {@code atomic} (RocksDB's
 * atomic batches) or {@code split} (the control: a store that writes a batch one operation at a
 * time).
 */
public final class CrashNode {

    static final int WINDOW = 2;
    static final int ARM_AFTER = 4;

    private CrashNode() {
    }

    public static void main(String[] args) {
        RocksDbStorage rocks = RocksDbStorage.open(Path.of(args[0]));
        String mode = args[1];
        boolean split = args[2].equals("split");
        KeyValueStorage storage = split ? new SplitCommitStorage(rocks) : rocks;
        DevChain dev = DevChain.builder().storage(storage).genesis(Fixtures.genesis())
                .validator(Fixtures.VALIDATOR).autoSeal(false).stateOptions(TrieOptions.pruned(WINDOW))
                .maxBlockTransactions(200).maxPendingPerSender(1_000).build();
        long nonce = dev.chain().nonce(Fixtures.OPERATOR.address());
        System.out.println("started " + dev.chain().head().number());
        System.out.flush();
        if (nonce == 0) {
            dev.submit(Fixtures.mint(Fixtures.OPERATOR, nonce++, Long.MAX_VALUE / 2));
        }
        byte[] head = BlockStore.headKey();
        Predicate<StorageBatch> blockCommit = b -> CrashHooks.touches(b, head);
        Predicate<StorageBatch> which = mode.startsWith("block") ? blockCommit : blockCommit.negate();
        for (int sealed = 0; ; sealed++) {
            if (sealed == ARM_AFTER) {
                if (split) {
                    ((SplitCommitStorage) storage).parkHalfWay(which, System.out);
                } else {
                    CrashHooks.parkAt(rocks, mode.endsWith("written") ? CrashHooks.Point.WRITTEN
                            : CrashHooks.Point.HALF_STAGED, which, System.out);
                }
            }
            for (int i = 0; i < 150; i++) {
                byte[] h = Keccak.hash256(BankContract.longBytes(nonce)).toArray();
                Address to = Address.of(java.util.Arrays.copyOf(h, 20));
                dev.submit(Fixtures.tx(Fixtures.OPERATOR, nonce++, "transfer",
                        BankContract.transferArgs(to.toArray(), 1 + (nonce % 97))));
            }
            System.out.println("sealing " + (dev.chain().head().number() + 1));
            System.out.flush();
            long n = dev.sealPending().number();
            System.out.println("committed " + n);
            System.out.flush();
            nonce = dev.chain().nonce(Fixtures.OPERATOR.address());
        }
    }
}
