package org.tem.consensus.poa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tem.consensus.poa.Names.addr;
import static org.tem.consensus.poa.Names.addrs;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.tuweni.bytes.Bytes;

/**
 * Hostile bytes: every encoding in this package, mutated at random (a byte flipped, the input
 * cut short, bytes appended), either decodes to a value whose own encoding is exactly the input
 * or is refused with {@link PoaDataException}; no other exception escapes.
 */
class PoaEncodingProperties {

    /** A valid encoding of each kind, from a short honest chain with votes and a checkpoint. */
    private static final List<Bytes> SAMPLES;
    private static final List<Function<Bytes, Object>> DECODERS = List.of(PoaSnapshot::decode, PoaHeaderData::decode,
            PoaFinality::decode, PoaSignerGuard::decode);

    static {
        Honest honest = new Honest();
        Blk b = honest.seal(Blk.genesis(addrs("ABCDE"), 4, 3), "BCDEAB");
        b = honest.seal(b, addr('C'), Optional.of(PoaVote.authorize(addr('F'))));
        SAMPLES = List.of(b.snap.encode(), PoaHeaderData.checkpoint(2, b.snap, true).encode(), b.fin.encode(),
                honest.guard(addr('C')).encode());
    }

    @Provide
    Arbitrary<Integer> kinds() {
        return Arbitraries.integers().between(0, SAMPLES.size() - 1);
    }

    @Provide
    Arbitrary<int[]> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(1, 255)).as((kind, at, mask) -> new int[] {kind, at, mask});
    }

    @Property(tries = 1000)
    void mutatedEncodingsDecodeCanonicallyOrAreRefused(@ForAll("kinds") int kind, @ForAll("mutations") int[] m) {
        Bytes enc = SAMPLES.get(kind);
        Bytes mutated = switch (m[0]) {
            case 0 -> {
                byte[] x = enc.toArray();
                x[m[1] % x.length] ^= (byte) m[2];
                yield Bytes.wrap(x);
            }
            case 1 -> enc.slice(0, m[1] % enc.size());
            default -> Bytes.concatenate(enc, Bytes.of((byte) m[2]));
        };
        Object decoded;
        try {
            decoded = DECODERS.get(kind).apply(mutated);
        } catch (PoaDataException e) {
            return;
        }
        Bytes again;
        if (decoded instanceof PoaSnapshot s) {
            again = s.encode();
        } else if (decoded instanceof PoaHeaderData d) {
            again = d.encode();
        } else if (decoded instanceof PoaFinality f) {
            again = f.encode();
        } else {
            again = ((PoaSignerGuard) decoded).encode();
        }
        assertEquals(mutated, again);
    }
}
