package org.tem.ledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tem.ledger.Fixtures.ALICE;
import static org.tem.ledger.Fixtures.BOB;
import static org.tem.ledger.Fixtures.CAROL;
import static org.tem.ledger.Fixtures.GENESIS_TIME;
import static org.tem.ledger.Fixtures.OPERATOR;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.apache.tuweni.bytes.Bytes;
import org.tem.ledger.ByteMutations;
import org.tem.ledger.Fixtures;
import org.tem.ledger.block.Block;
import org.tem.ledger.block.BlockHeader;
import org.tem.ledger.block.InvalidBlockException;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.KeyPair;
import org.tem.ledger.dev.DevSeal;
import org.tem.ledger.storage.InMemoryStorage;
import org.tem.ledger.tx.Transaction;

/**
 * Mutated blocks (bit flips, truncation, extension, header fields and transaction lists replaced,
 * with and without a fresh validator seal) never make import throw, and a block that is not
 * imported changes nothing: head, state root, nonces. A mutated block that the validator did not
 * reseal is imported only if it is the original; one it resealed may be a valid block of its own,
 * and is then imported consistently (the stored state matches the new head).
 */
class BlockMutationProperties {

    private static final KeyPair VALIDATOR = Fixtures.VALIDATOR;
    /** The importer's clock: a day after the genesis, so that honest blocks are in the past. */
    private static final long NOW = GENESIS_TIME + 86_400_000L;
    private static final List<Address> ACCOUNTS = List.of(OPERATOR.address(), ALICE.address(), BOB.address(),
            CAROL.address());
    private static final Block ONE;
    private static final Block TWO;

    static {
        Blockchain builder = chain();
        ONE = sealed(builder.buildBlock(List.of(Fixtures.mint(OPERATOR, 0, 1000)), GENESIS_TIME + 1000).block());
        if (!builder.importBlock(ONE).imported()) {
            throw new IllegalStateException("block 1 does not import");
        }
        TWO = sealed(builder.buildBlock(List.of(Fixtures.transfer(OPERATOR, 1, ALICE, 5), inc(ALICE, 0),
                inc(BOB, 0)), GENESIS_TIME + 2000).block());
    }

    private static Blockchain chain() {
        return Blockchain.open(new InMemoryStorage(), Fixtures.genesis(), DevSeal.verifier(VALIDATOR.address()),
                () -> NOW);
    }

    private static Transaction inc(KeyPair from, long nonce) {
        return Fixtures.tx(from, nonce, "increment", Bytes.EMPTY);
    }

    private static Block sealed(Block b) {
        return new Block(DevSeal.seal(b.header(), VALIDATOR), b.transactions());
    }

    /** Block bytes, and whether the validator sealed the mutated header. */
    record Mutant(Bytes bytes, boolean resealed) {
    }

    @Property(tries = 300)
    void importOfAMutatedBlockNeverThrowsAndAnyOutcomeButImportChangesNothing(@ForAll("mutations") Mutant mutant) {
        Bytes mutated = mutant.bytes();
        Blockchain chain = chain();
        assertTrue(chain.importBlock(ONE).imported());
        BlockHeader head = chain.head();
        Hash root = chain.recomputeStateRoot();
        List<Long> nonces = nonces(chain);

        Block block;
        try {
            block = Block.decode(mutated);
        } catch (InvalidBlockException e) {
            Statistics.collect("does not decode");
            assertFalse(e.getMessage().isBlank());
            assertUnchanged(chain, head, root, nonces);
            return;
        }
        ImportResult r = chain.importBlock(block);
        Statistics.collect(r.status() + (mutant.resealed() ? " (resealed)" : ""));

        if (r.imported()) {
            if (!mutant.resealed()) {
                assertEquals(TWO.hash(), block.hash(), "only the original imports");
            }
            assertEquals(block.header(), chain.head());
            assertEquals(block.header().stateRoot(), chain.recomputeStateRoot());
            return;
        }
        if (r.status() != ImportResult.Status.ALREADY_KNOWN) {
            assertFalse(r.reason().isBlank());
        }
        assertUnchanged(chain, head, root, nonces);
    }

    @Example
    void theUnmutatedBlockImports() {
        Blockchain chain = chain();
        assertTrue(chain.importBlock(ONE).imported());
        assertTrue(chain.importBlock(Block.decode(TWO.encode())).imported());
    }

    private static List<Long> nonces(Blockchain chain) {
        return ACCOUNTS.stream().map(chain::nonce).toList();
    }

    private static void assertUnchanged(Blockchain chain, BlockHeader head, Hash root, List<Long> nonces) {
        assertEquals(head, chain.head());
        assertEquals(root, chain.recomputeStateRoot());
        assertEquals(head.stateRoot(), root);
        assertEquals(nonces, nonces(chain));
    }

    @Provide
    Arbitrary<Mutant> mutations() {
        Bytes enc = TWO.encode();
        Arbitrary<Bytes> flip = ByteMutations.flips(enc);
        Arbitrary<Bytes> truncate = ByteMutations.truncations(enc);
        Arbitrary<Bytes> extend = ByteMutations.extensions(enc, 8);
        Arbitrary<Mutant> header = Combinators.combine(Arbitraries.integers().between(0, 7),
                Arbitraries.longs().between(-3, 3), Arbitraries.of(true, false))
                .as(BlockMutationProperties::headerField);
        Arbitrary<Mutant> txs = Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 2), Arbitraries.of(true, false))
                .as(BlockMutationProperties::transactionList);
        Arbitrary<Mutant> bytes = Arbitraries.oneOf(flip, flip, truncate, extend, Arbitraries.just(enc))
                .map(b -> new Mutant(b, false));
        return Arbitraries.oneOf(bytes, bytes, header, header, txs);
    }

    /** One header field changed by {@code delta} (field 7: the seal alone), resealed by the validator or not. */
    private static Mutant headerField(int field, long delta, boolean reseal) {
        BlockHeader h = TWO.header();
        Hash other = delta == 0 ? Hash.ZERO : ONE.header().stateRoot();
        BlockHeader m = switch (field) {
            case 0 -> new BlockHeader(delta == 0 ? Hash.ZERO : ONE.header().parentHash(), h.number(), h.timestamp(),
                    h.transactionsRoot(), h.stateRoot(), h.receiptsRoot(), h.consensusData(), h.seal());
            case 1 -> new BlockHeader(h.parentHash(), Math.max(0, h.number() + delta), h.timestamp(),
                    h.transactionsRoot(), h.stateRoot(), h.receiptsRoot(), h.consensusData(), h.seal());
            // From before the parent to a day past the importer's clock.
            case 2 -> new BlockHeader(h.parentHash(), h.number(), delta == 3 ? NOW + 86_400_000L
                    : Math.max(0, h.timestamp() + 999 * delta), h.transactionsRoot(), h.stateRoot(), h.receiptsRoot(), h.consensusData(),
                    h.seal());
            case 3 -> new BlockHeader(h.parentHash(), h.number(), h.timestamp(), other, h.stateRoot(),
                    h.receiptsRoot(), h.consensusData(), h.seal());
            case 4 -> new BlockHeader(h.parentHash(), h.number(), h.timestamp(), h.transactionsRoot(), other,
                    h.receiptsRoot(), h.consensusData(), h.seal());
            case 5 -> new BlockHeader(h.parentHash(), h.number(), h.timestamp(), h.transactionsRoot(), h.stateRoot(),
                    other, h.consensusData(), h.seal());
            // The consensus data, which the sealing hash covers: without a new seal the old one fails.
            case 6 -> new BlockHeader(h.parentHash(), h.number(), h.timestamp(), h.transactionsRoot(), h.stateRoot(),
                    h.receiptsRoot(), delta == 0 ? Bytes.of(1) : Bytes.wrap(new byte[(int) Math.abs(delta) * 2000]),
                    h.seal());
            default -> h.withSeal(Bytes.wrap(new byte[(int) Math.abs(delta) * 30]));
        };
        Block b = new Block(m, TWO.transactions());
        boolean resealed = reseal && field != 7;
        return new Mutant((resealed ? sealed(b) : b).encode(), resealed);
    }

    /**
     * The transaction list edited (dropped, duplicated, swapped, one replaced by a valid
     * transaction of another sender or by a stranger's), with the transactions root fixed and the
     * block resealed, or not.
     */
    private static Mutant transactionList(int edit, int index, boolean fixAndReseal) {
        List<Transaction> txs = new ArrayList<>(TWO.transactions());
        switch (edit) {
            case 0 -> txs.remove(index);
            case 1 -> txs.add(index, txs.get(index));
            case 2 -> txs.set(index, TWO.transactions().get((index + 1) % 3));
            case 3 -> txs.set(index, inc(CAROL, 0));
            case 4 -> txs.set(index, Fixtures.tx(Fixtures.STRANGER, 0, "increment", Bytes.EMPTY));
            default -> txs.set(index, Transaction.decode(Fixtures.withSignature(txs.get(index),
                    CAROL.sign(txs.get(index).signingHash()))));
        }
        BlockHeader h = TWO.header();
        if (!fixAndReseal) {
            return new Mutant(new Block(h, txs).encode(), false);
        }
        BlockHeader m = new BlockHeader(h.parentHash(), h.number(), h.timestamp(), Block.transactionsRoot(txs),
                h.stateRoot(), h.receiptsRoot(), Bytes.EMPTY, Bytes.EMPTY);
        return new Mutant(sealed(new Block(m, txs)).encode(), true);
    }
}
