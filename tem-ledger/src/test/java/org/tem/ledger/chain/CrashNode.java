package org.tem.ledger.chain;

import java.nio.file.Path;
import org.tem.ledger.BankContract;
import org.tem.ledger.Fixtures;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Keccak;
import org.tem.ledger.dev.DevChain;
import org.tem.ledger.storage.RocksDbStorage;

/**
 * The victim of {@link CrashRecoveryIT}: a dev-chain node on RocksDB that seals blocks of many
 * state-growing transfers forever, printing {@code committed <number>} after each commit, until
 * the test kills it with SIGKILL.
 */
public final class CrashNode {

    private CrashNode() {
    }

    public static void main(String[] args) {
        RocksDbStorage storage = RocksDbStorage.open(Path.of(args[0]));
        DevChain dev = DevChain.builder().storage(storage).genesis(Fixtures.genesis())
                .validator(Fixtures.VALIDATOR).autoSeal(false).build();
        long nonce = dev.chain().nonce(Fixtures.OPERATOR.address());
        System.out.println("started " + dev.chain().head().number());
        System.out.flush();
        if (nonce == 0) {
            dev.submit(Fixtures.mint(Fixtures.OPERATOR, nonce++, Long.MAX_VALUE / 2));
        }
        while (true) {
            for (int i = 0; i < 150; i++) {
                byte[] h = Keccak.hash256(BankContract.longBytes(nonce)).toArray();
                Address to = Address.of(java.util.Arrays.copyOf(h, 20));
                dev.submit(org.tem.ledger.Fixtures.tx(Fixtures.OPERATOR, nonce++, "transfer",
                        BankContract.transferArgs(to.toArray(), 1 + (nonce % 97))));
            }
            BlockHeader h = dev.sealPending();
            System.out.println("committed " + h.number());
            System.out.flush();
        }
    }
}
