package org.tem.ledger.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.tem.ledger.ByteMutations;
import org.tem.ledger.Fixtures;
import org.tem.ledger.Validation;
import org.tem.ledger.chain.Blockchain;
import org.tem.ledger.chain.BuiltBlock;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Secp256k1;
import org.tem.ledger.mempool.Mempool;
import org.tem.ledger.storage.InMemoryStorage;

class TransactionMutationProperties {

    /** Alice's second transaction (nonce 1); her first is already in the chain. */
    private static final Transaction VALID = Fixtures.transfer(Fixtures.ALICE, 1, Fixtures.BOB, 0);

    @Property(tries = 250)
    void aMutatedTransactionIsAcceptedOnlyIfStillValidAndRejectionChangesNoState(
            @ForAll("mutations") Bytes mutated) {
        Blockchain chain = Fixtures.chain(new InMemoryStorage());
        assertTrue(chain.importBlock(chain.buildBlock(
                List.of(Fixtures.tx(Fixtures.ALICE, 0, "increment", Bytes.EMPTY)), 1).block()).imported());
        Mempool pool = new Mempool(chain, 10, 10);
        Hash before = chain.head().stateRoot();

        Validation v = pool.add(mutated);
        Statistics.collect(v.valid() ? "admitted" : v.reason().split(":")[0].replaceAll("0x[0-9a-f]+", "0x…"));

        if (!v.valid()) {
            assertFalse(v.reason().isBlank());
            assertEquals(0, pool.size());
            assertEquals(before, chain.head().stateRoot());
            assertEquals(before, chain.recomputeStateRoot());
            return;
        }
        // Accepted: it must be a genuinely valid transaction in every respect.
        Transaction t = Transaction.decode(mutated);
        assertEquals(mutated, t.encoded(), "only the canonical encoding is accepted");
        Bytes key = Secp256k1.recover(t.signingHash(), t.signature()).orElseThrow();
        assertEquals(t.sender(), Address.fromPublicKey(key));
        assertTrue(Secp256k1.verify(t.signingHash(), t.signature(), key), "independent ECDSA verification");
        assertEquals(Fixtures.CHAIN_ID, t.chainId());
        assertEquals(chain.nonce(t.sender()), t.nonce());
        assertTrue(chain.methods(t.to()).orElseThrow().contains(t.method()));
        if (t.sender().equals(Fixtures.ALICE.address())) {
            assertEquals(VALID, t, "Alice's key signed only the original");
        }
        BuiltBlock b = chain.buildBlock(pool.pending(10), 2);
        assertTrue(b.skipped().isEmpty());
        assertTrue(chain.importBlock(b.block()).imported());
    }

    @Provide
    Arbitrary<Bytes> mutations() {
        Bytes enc = VALID.encoded();
        Arbitrary<Bytes> flip = ByteMutations.flips(enc);
        Arbitrary<Bytes> field = Combinators.combine(Arbitraries.integers().between(0, 8),
                Arbitraries.longs().between(0, 3)).as(this::changeField);
        return Arbitraries.oneOf(flip, flip, ByteMutations.truncations(enc), ByteMutations.extensions(enc, 4), field,
                field, Arbitraries.just(enc));
    }

    /** The valid encoding with field {@code which} of {@code [chainId, nonce, from, to, method, args, v, r, s]} changed. */
    private Bytes changeField(int which, long delta) {
        var s = VALID.signature();
        return RLP.encodeList(w -> {
            w.writeLong(which == 0 ? VALID.chainId() + delta : VALID.chainId());
            w.writeLong(which == 1 ? VALID.nonce() - 1 + delta : VALID.nonce());
            w.writeValue(which == 2 ? (delta == 0 ? Fixtures.STRANGER : Fixtures.BOB).address().toBytes()
                    : VALID.sender().toBytes());
            w.writeValue(which == 3 ? Fixtures.BOB.address().toBytes() : VALID.to().toBytes());
            w.writeString(which == 4 ? "mint" : VALID.method());
            w.writeValue(which == 5 ? Bytes.of((int) delta) : VALID.args());
            w.writeLong(which == 6 ? delta : s.recoveryId());
            w.writeBigInteger(which == 7 ? s.r().add(BigInteger.valueOf(delta + 1)) : s.r());
            w.writeBigInteger(which == 8 ? Secp256k1.N.subtract(s.s()) : s.s());
        });
    }
}
