package org.tem.ledger;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.chain.Blockchain;
import org.tem.ledger.chain.Genesis;
import org.tem.ledger.chain.SealVerifier;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.storage.KeyValueStorage;
import org.tem.ledger.tx.Transaction;

/** Shared keys, a genesis with the bank contract, and transaction helpers. */
public final class Fixtures {
    public static final long CHAIN_ID = 1717;
    public static final Address BANK = Address.fromHexString("0x00000000000000000000000000000000000b0b01");
    public static final KeyPair OPERATOR = KeyPair.fromPrivateKey(BigInteger.valueOf(1001));
    public static final KeyPair ALICE = KeyPair.fromPrivateKey(BigInteger.valueOf(2002));
    public static final KeyPair BOB = KeyPair.fromPrivateKey(BigInteger.valueOf(3003));
    public static final KeyPair VALIDATOR = KeyPair.fromPrivateKey(BigInteger.valueOf(4004));

    private Fixtures() {
    }

    public static Genesis genesis() {
        return Genesis.builder().chainId(CHAIN_ID).timestamp(1_700_000_000_000L)
                .contract(BANK, new BankContract())
                .state(BANK, BankContract.OPERATOR, OPERATOR.address().toArray())
                .build();
    }

    public static Blockchain chain(KeyValueStorage storage) {
        return Blockchain.open(storage, genesis(), SealVerifier.acceptAll());
    }

    public static Transaction tx(KeyPair from, long nonce, String method, Bytes args) {
        return Transaction.builder().chainId(CHAIN_ID).nonce(nonce).to(BANK).method(method).args(args).sign(from);
    }

    public static Transaction mint(KeyPair from, long nonce, long amount) {
        return tx(from, nonce, "mint", BankContract.mintArgs(amount));
    }

    public static Transaction transfer(KeyPair from, long nonce, KeyPair to, long amount) {
        return tx(from, nonce, "transfer", BankContract.transferArgs(to.address().toArray(), amount));
    }
}
