package org.tem.ledger;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.apache.tuweni.bytes.Bytes;

/** Generators of untrusted-byte mutations shared by the mutation properties. */
public final class ByteMutations {

    private ByteMutations() {
    }

    /** @return {@code enc} with one byte xor-ed by a non-zero mask */
    public static Arbitrary<Bytes> flips(Bytes enc) {
        return Combinators.combine(Arbitraries.integers().between(0, enc.size() - 1),
                Arbitraries.integers().between(1, 255)).as((i, mask) -> {
                    byte[] b = enc.toArray();
                    b[i] ^= mask.byteValue();
                    return Bytes.wrap(b);
                });
    }

    /** @return a proper prefix of {@code enc} */
    public static Arbitrary<Bytes> truncations(Bytes enc) {
        return Arbitraries.integers().between(0, enc.size() - 1).map(len -> enc.slice(0, len));
    }

    /** @return {@code enc} followed by 1 to {@code maxExtra} random bytes */
    public static Arbitrary<Bytes> extensions(Bytes enc, int maxExtra) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(maxExtra)
                .map(extra -> Bytes.concatenate(enc, Bytes.wrap(extra)));
    }
}
