package org.tem.ledger.permission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.ledger.Fixtures.ALICE;
import static org.tem.ledger.Fixtures.BOB;
import static org.tem.ledger.Fixtures.OPERATOR;
import static org.tem.ledger.Fixtures.STRANGER;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.ledger.Fixtures;
import org.tem.ledger.Validation;
import org.tem.ledger.block.Block;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.chain.Blockchain;
import org.tem.ledger.chain.BuiltBlock;
import org.tem.ledger.chain.Genesis;
import org.tem.ledger.chain.ImportResult;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.mempool.Mempool;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.tx.Receipt;
import org.tem.ledger.tx.Transaction;

/** The account allow-list: genesis accounts, the operator's changes, refusal everywhere else. */
class PermissionsTest {

    private final Blockchain chain = Fixtures.chain(new InMemoryStorage());
    private final Mempool pool = new Mempool(chain, 100, 10);

    private static Transaction call(KeyPair from, long nonce, String method, Bytes args) {
        return Transaction.builder().chainId(Fixtures.CHAIN_ID).nonce(nonce).to(Permissions.ADDRESS).method(method)
                .args(args).sign(from);
    }

    private List<Receipt> mine(Transaction... txs) {
        BuiltBlock b = chain.buildBlock(List.of(txs), chain.head().timestamp() + 1000);
        ImportResult r = chain.importBlock(b.block());
        assertTrue(r.imported(), r.reason());
        return r.receipts();
    }

    private Transaction strangerTx(long nonce) {
        return Fixtures.tx(STRANGER, nonce, "increment", Bytes.EMPTY);
    }

    @Test
    void theGenesisAccountsAndTheOperatorArePermittedAndNobodyElse() {
        assertEquals(OPERATOR.publicKey(), chain.accountKey(OPERATOR.address()).orElseThrow());
        assertEquals(ALICE.publicKey(), chain.accountKey(ALICE.address()).orElseThrow());
        assertTrue(chain.accountKey(STRANGER.address()).isEmpty());
        assertEquals(OPERATOR.address().toBytes(),
                chain.query(Permissions.ADDRESS, Permissions.QUERY_OPERATOR, Bytes.EMPTY).output());
        assertEquals(ALICE.publicKey(),
                chain.query(Permissions.ADDRESS, Permissions.QUERY_ACCOUNT, ALICE.address().toBytes()).output());
        assertEquals("account not permitted",
                chain.query(Permissions.ADDRESS, Permissions.QUERY_ACCOUNT, STRANGER.address().toBytes()).reason());
        assertTrue(chain.contracts().containsKey(Permissions.ADDRESS));
        assertTrue(chain.proof(Permissions.ADDRESS, Bytes.wrap(Permissions.accountKey(ALICE.address())))
                .verify(chain.head().stateRoot()), "the list is part of the proven state");
        assertTrue(chain.proof(Permissions.ADDRESS, Bytes.wrap(Permissions.accountKey(STRANGER.address())))
                .value().isEmpty(), "and so is an account's absence from it");
    }

    @Test
    void anUnknownSenderIsRefusedAtTheMempoolBeforeAnySignatureWork() {
        Validation v = pool.add(strangerTx(0));
        assertEquals("sender " + STRANGER.address() + " is not permitted", v.reason());
        // With a signature that is not the stranger's, the answer is the same: no signature was
        // checked before the sender was found not permitted.
        Bytes forged = Fixtures.withSignature(strangerTx(0), ALICE.sign(org.tem.ledger.crypto.Keccak.hash256(new byte[] {1})));
        assertEquals(v.reason(), pool.add(forged).reason());
        assertEquals(0, pool.size());
    }

    @Test
    void theBuilderLeavesOutAnUnknownSendersTransaction() {
        BuiltBlock b = chain.buildBlock(List.of(strangerTx(0), Fixtures.tx(ALICE, 0, "increment", Bytes.EMPTY)),
                chain.head().timestamp() + 1000);
        assertEquals(1, b.block().transactions().size());
        assertEquals("sender " + STRANGER.address() + " is not permitted", b.skipped().get(0).reason());
    }

    @Test
    void anImportedBlockWithAnUnknownSendersTransactionIsInvalid() {
        BlockHeader head = chain.head();
        Transaction tx = strangerTx(0);
        Block block = new Block(new BlockHeader(head.hash(), 1, head.timestamp() + 1000,
                Block.transactionsRoot(List.of(tx)), head.stateRoot(), head.receiptsRoot(), Bytes.EMPTY, Bytes.EMPTY), List.of(tx));

        ImportResult r = chain.importBlock(block);

        assertEquals(ImportResult.Status.REJECTED, r.status());
        assertTrue(r.reason().endsWith("sender " + STRANGER.address() + " is not permitted"), r.reason());
        assertEquals(head, chain.head());
    }

    @Test
    void aPermittedSendersForgedSignatureIsRefusedAndInvalidInABlock() {
        // Alice's fields, the stranger's signature.
        Transaction alice = Fixtures.tx(ALICE, 0, "increment", Bytes.EMPTY);
        Bytes enc = Fixtures.withSignature(alice, STRANGER.sign(alice.signingHash()));
        Transaction forged = Transaction.decode(enc);
        assertEquals("bad signature: not signed by " + ALICE.address(), pool.add(enc).reason());
        BuiltBlock b = chain.buildBlock(List.of(forged), chain.head().timestamp() + 1000);
        assertEquals("bad signature: not signed by " + ALICE.address(), b.skipped().get(0).reason());
        BlockHeader head = chain.head();
        ImportResult r = chain.importBlock(new Block(new BlockHeader(head.hash(), 1, head.timestamp() + 1000,
                Block.transactionsRoot(List.of(forged)), head.stateRoot(), head.receiptsRoot(), Bytes.EMPTY, Bytes.EMPTY),
                List.of(forged)));
        assertTrue(r.reason().endsWith("bad signature: not signed by " + ALICE.address()), r.reason());
    }

    @Test
    void theOperatorAddsThenRemovesAnAccount() {
        List<Receipt> added = mine(call(OPERATOR, 0, Permissions.ADD_ACCOUNT,
                Permissions.addAccountArgs(STRANGER.publicKey())));
        assertTrue(added.get(0).success(), added.get(0).reason());
        assertEquals("AccountAdded", added.get(0).events().get(0).name());
        assertEquals(STRANGER.publicKey(), chain.accountKey(STRANGER.address()).orElseThrow());
        assertTrue(pool.add(strangerTx(0)).valid());
        assertTrue(mine(pool.pending(10).toArray(Transaction[]::new)).get(0).success());
        pool.prune();

        List<Receipt> removed = mine(call(OPERATOR, 1, Permissions.REMOVE_ACCOUNT,
                Permissions.removeAccountArgs(STRANGER.address())));
        assertTrue(removed.get(0).success(), removed.get(0).reason());
        assertTrue(chain.accountKey(STRANGER.address()).isEmpty());
        assertEquals("sender " + STRANGER.address() + " is not permitted", pool.add(strangerTx(1)).reason());
    }

    @Test
    void aTransactionAfterItsSendersRemovalInTheSameBlockIsLeftOut() {
        Transaction remove = call(OPERATOR, 0, Permissions.REMOVE_ACCOUNT, Permissions.removeAccountArgs(ALICE.address()));
        Transaction late = Fixtures.tx(ALICE, 0, "increment", Bytes.EMPTY);
        BuiltBlock b = chain.buildBlock(List.of(remove, late), chain.head().timestamp() + 1000);
        assertEquals(List.of(remove), b.block().transactions());
        assertEquals("sender " + ALICE.address() + " is not permitted", b.skipped().get(0).reason());
    }

    @Test
    void nobodyButTheOperatorChangesTheListAndTheOperatorCannotRemoveItself() {
        List<Receipt> r = mine(call(ALICE, 0, Permissions.ADD_ACCOUNT, Permissions.addAccountArgs(STRANGER.publicKey())),
                call(ALICE, 1, Permissions.REMOVE_ACCOUNT, Permissions.removeAccountArgs(Fixtures.BOB.address())),
                call(OPERATOR, 0, Permissions.REMOVE_ACCOUNT, Permissions.removeAccountArgs(OPERATOR.address())),
                call(OPERATOR, 1, Permissions.ADD_ACCOUNT, Permissions.addAccountArgs(Bytes.wrap(new byte[64]))),
                call(OPERATOR, 2, Permissions.ADD_ACCOUNT, Permissions.addAccountArgs(ALICE.publicKey())),
                call(OPERATOR, 3, Permissions.REMOVE_ACCOUNT, Permissions.removeAccountArgs(STRANGER.address())));
        assertEquals("only the operator may change permissions", r.get(0).reason());
        assertEquals("only the operator may change permissions", r.get(1).reason());
        assertEquals("the operator cannot remove itself", r.get(2).reason());
        assertTrue(r.get(3).reason().startsWith("not a secp256k1 public key"), r.get(3).reason());
        assertEquals("account already permitted: " + ALICE.address(), r.get(4).reason());
        assertEquals("account not permitted: " + STRANGER.address(), r.get(5).reason());
        assertTrue(r.stream().noneMatch(Receipt::success));
        assertTrue(chain.accountKey(STRANGER.address()).isEmpty());
        assertTrue(chain.accountKey(Fixtures.BOB.address()).isPresent());
    }

    @Test
    void aGenesisNeedsAnOperatorAndValidKeysAndKeepsThePermissionsAddressFree() {
        assertEquals("the operator must be set", assertThrows(IllegalStateException.class,
                () -> Genesis.builder().chainId(1).build()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Genesis.builder().operator(Bytes.wrap(new byte[64])));
        assertThrows(IllegalArgumentException.class, () -> Genesis.builder().account(Bytes.wrap(new byte[63])));
        assertThrows(IllegalArgumentException.class,
                () -> Genesis.builder().contract(Permissions.ADDRESS, new org.tem.ledger.BankContract()));
        assertThrows(IllegalArgumentException.class,
                () -> Genesis.builder().contract(Genesis.CHAIN_TABLE, new org.tem.ledger.BankContract()));
        Genesis g = Genesis.builder().chainId(1).operator(OPERATOR.publicKey()).build();
        assertEquals(OPERATOR.address(), g.operator());
        assertEquals(List.of(OPERATOR.address()), List.copyOf(g.accounts().keySet()));
        assertFalse(g.accounts().containsKey(Address.ZERO));
    }

    private Bytes nodeKeyEntry(Address node) {
        return chain.reader().get(Permissions.ADDRESS, Bytes.wrap(Permissions.nodeKeyKey(node))).orElse(null);
    }

    @Test
    void aGenesisListsNodeKeysInTheStateAndTheQueryAnswersThem() {
        Blockchain c = Blockchain.open(new InMemoryStorage(), Fixtures.genesisBuilder().nodeKey(STRANGER.publicKey())
                .build(), org.tem.ledger.chain.ConsensusHook.acceptAll());
        assertEquals(STRANGER.publicKey(),
                c.query(Permissions.ADDRESS, Permissions.QUERY_NODE_KEY, STRANGER.address().toBytes()).output());
        assertEquals("node key not permitted",
                c.query(Permissions.ADDRESS, Permissions.QUERY_NODE_KEY, ALICE.address().toBytes()).reason());
        assertTrue(c.accountKey(STRANGER.address()).isEmpty(), "a node key is not an account");
        assertEquals(List.of(), List.copyOf(Fixtures.genesis().nodeKeys().keySet()));
        assertTrue(Fixtures.chain(new InMemoryStorage()).head().hash().equals(chain.head().hash()),
                "a genesis without node keys hashes as before");
        assertFalse(c.head().hash().equals(chain.head().hash()), "the genesis hash commits to the node keys");
    }

    @Test
    void theOperatorAddsThenRemovesANodeKey() {
        List<Receipt> added = mine(call(OPERATOR, 0, Permissions.ADD_NODE_KEY,
                Permissions.addNodeKeyArgs(STRANGER.publicKey())));
        assertTrue(added.get(0).success(), added.get(0).reason());
        assertEquals("NodeKeyAdded", added.get(0).events().get(0).name());
        assertEquals(STRANGER.publicKey(), nodeKeyEntry(STRANGER.address()));
        assertTrue(chain.accountKey(STRANGER.address()).isEmpty(), "the node-key list is not the account list");

        List<Receipt> removed = mine(call(OPERATOR, 1, Permissions.REMOVE_NODE_KEY,
                Permissions.removeNodeKeyArgs(STRANGER.address())));
        assertTrue(removed.get(0).success(), removed.get(0).reason());
        assertEquals("NodeKeyRemoved", removed.get(0).events().get(0).name());
        assertEquals(null, nodeKeyEntry(STRANGER.address()));
    }

    @Test
    void nobodyButTheOperatorChangesTheNodeKeysAndHostileArgumentsChangeNothing() {
        mine(call(OPERATOR, 0, Permissions.ADD_NODE_KEY, Permissions.addNodeKeyArgs(BOB.publicKey())));
        var before = chain.head().stateRoot();
        Bytes twoValues = org.apache.tuweni.rlp.RLP.encodeList(w -> {
            w.writeValue(STRANGER.publicKey());
            w.writeValue(STRANGER.publicKey());
        });
        List<Receipt> r = mine(
                call(ALICE, 0, Permissions.ADD_NODE_KEY, Permissions.addNodeKeyArgs(STRANGER.publicKey())),
                call(ALICE, 1, Permissions.REMOVE_NODE_KEY, Permissions.removeNodeKeyArgs(BOB.address())),
                call(OPERATOR, 1, Permissions.ADD_NODE_KEY, Permissions.addNodeKeyArgs(Bytes.wrap(new byte[64]))),
                call(OPERATOR, 2, Permissions.ADD_NODE_KEY, Permissions.addNodeKeyArgs(BOB.publicKey())),
                call(OPERATOR, 3, Permissions.REMOVE_NODE_KEY, Permissions.removeNodeKeyArgs(STRANGER.address())),
                call(OPERATOR, 4, Permissions.REMOVE_NODE_KEY, Permissions.addNodeKeyArgs(Bytes.wrap(new byte[19]))),
                call(OPERATOR, 5, Permissions.ADD_NODE_KEY, twoValues),
                call(OPERATOR, 6, Permissions.ADD_NODE_KEY, Bytes.wrap(new byte[] {(byte) 0xf8})));
        assertEquals("only the operator may change permissions", r.get(0).reason());
        assertEquals("only the operator may change permissions", r.get(1).reason());
        assertTrue(r.get(2).reason().startsWith("not a secp256k1 public key"), r.get(2).reason());
        assertEquals("node key already permitted: " + BOB.address(), r.get(3).reason());
        assertEquals("node key not permitted: " + STRANGER.address(), r.get(4).reason());
        assertEquals("an address is 20 bytes, was 19", r.get(5).reason());
        assertEquals("extra arguments", r.get(6).reason());
        assertTrue(r.get(7).reason().startsWith("malformed arguments"), r.get(7).reason());
        assertTrue(r.stream().noneMatch(Receipt::success));
        // Only the nonces moved: the permission table is as it was.
        assertEquals(BOB.publicKey(), nodeKeyEntry(BOB.address()));
        assertEquals(null, nodeKeyEntry(STRANGER.address()));
        assertEquals(chain.reader().state().at(before).tableRoot(Permissions.ADDRESS),
                chain.reader().state().tableRoot(Permissions.ADDRESS));
    }
}
