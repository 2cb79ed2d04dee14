package org.tem.ledger;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.chain.Blockchain;
import org.tem.ledger.chain.Genesis;
import org.tem.ledger.chain.ConsensusHook;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.storage.KeyValueStorage;
import org.tem.ledger.tx.Transaction;

/** Shared keys, a genesis with the bank contract, and transaction helpers. */
public final class Fixtures {
    public static final long CHAIN_ID = 1717;
    public static final Address BANK = Address.fromHexString("0x00000000000000000000000000000000000b0b01");
    public static final Address POISON = Address.fromHexString("0x00000000000000000000000000000000000dead1");
    public static final KeyPair OPERATOR = KeyPair.fromPrivateKey(BigInteger.valueOf(1001));
    public static final KeyPair ALICE = KeyPair.fromPrivateKey(BigInteger.valueOf(2002));
    public static final KeyPair BOB = KeyPair.fromPrivateKey(BigInteger.valueOf(3003));
    public static final KeyPair VALIDATOR = KeyPair.fromPrivateKey(BigInteger.valueOf(4004));
    /** A permitted account that sends nothing in most tests (the "honest meter" of the flood tests). */
    public static final KeyPair CAROL = KeyPair.fromPrivateKey(BigInteger.valueOf(5005));
    /** A key the genesis does not permit. */
    public static final KeyPair STRANGER = KeyPair.fromPrivateKey(BigInteger.valueOf(6006));
    public static final long GENESIS_TIME = 1_700_000_000_000L;

    private Fixtures() {
    }

    /** The bank, its operator (also the chain's), Alice, Bob and Carol permitted; no stranger. */
    public static Genesis.Builder genesisBuilder() {
        return Genesis.builder().chainId(CHAIN_ID).timestamp(GENESIS_TIME)
                .operator(OPERATOR.publicKey())
                .account(ALICE.publicKey()).account(BOB.publicKey()).account(CAROL.publicKey())
                .contract(BANK, new BankContract())
                .contract(POISON, new PoisonContract())
                .state(BANK, BankContract.OPERATOR, OPERATOR.address().toArray());
    }

    public static Genesis genesis() {
        return genesisBuilder().build();
    }

    public static Blockchain chain(KeyValueStorage storage) {
        return Blockchain.open(storage, genesis(), ConsensusHook.acceptAll());
    }

    public static Transaction tx(KeyPair from, long nonce, String method, Bytes args) {
        return Transaction.builder().chainId(CHAIN_ID).nonce(nonce).to(BANK).method(method).args(args).sign(from);
    }

    public static Transaction poison(KeyPair from, long nonce, String method, byte[] args) {
        return Transaction.builder().chainId(CHAIN_ID).nonce(nonce).to(POISON).method(method).args(args).sign(from);
    }

    /** The encoding of {@code tx}'s fields with another signature (a forgery, for tests). */
    public static Bytes withSignature(Transaction tx, org.tem.ledger.crypto.Signature sig) {
        return org.apache.tuweni.rlp.RLP.encodeList(w -> {
            w.writeLong(tx.chainId());
            w.writeLong(tx.nonce());
            w.writeValue(tx.sender().toBytes());
            w.writeValue(tx.to().toBytes());
            w.writeString(tx.method());
            w.writeValue(tx.args());
            w.writeInt(sig.recoveryId());
            w.writeBigInteger(sig.r());
            w.writeBigInteger(sig.s());
        });
    }

    public static Transaction mint(KeyPair from, long nonce, long amount) {
        return tx(from, nonce, "mint", BankContract.mintArgs(amount));
    }

    public static Transaction transfer(KeyPair from, long nonce, KeyPair to, long amount) {
        return tx(from, nonce, "transfer", BankContract.transferArgs(to.address().toArray(), amount));
    }
}
