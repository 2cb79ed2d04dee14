package org.tem.consensus.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.tuweni.bytes.Bytes;

/**
 * Hostile bytes: any mutation of a valid message (a byte changed, cut short, bytes appended) and
 * any random bytes either decode to a message whose own encoding is exactly the input, or are
 * refused with {@link MalformedMessageException}; nothing else escapes.
 */
class MessageProperties {

    private static final List<Bytes> SAMPLES = MessageTest.samples().stream().map(Message::encode).toList();

    @Property(tries = 2000)
    void mutatedMessagesDecodeCanonicallyOrAreRefused(@ForAll @IntRange(min = 0, max = 6) int sample,
            @ForAll @IntRange(min = 0, max = 2) int kind, @ForAll @IntRange(min = 0, max = 10_000) int at,
            @ForAll @IntRange(min = 1, max = 255) int mask) {
        Bytes enc = SAMPLES.get(sample);
        Bytes mutated = switch (kind) {
            case 0 -> {
                byte[] x = enc.toArray();
                x[at % x.length] ^= (byte) mask;
                yield Bytes.wrap(x);
            }
            case 1 -> enc.slice(0, at % enc.size());
            default -> Bytes.concatenate(enc, Bytes.of((byte) mask));
        };
        decodesCanonicallyOrIsRefused(mutated);
    }

    @Property(tries = 1000)
    void randomBytesDecodeCanonicallyOrAreRefused(@ForAll @Size(max = 200) byte[] bytes) {
        decodesCanonicallyOrIsRefused(Bytes.wrap(bytes));
    }

    private static void decodesCanonicallyOrIsRefused(Bytes bytes) {
        Message m;
        try {
            m = Message.decode(bytes);
        } catch (MalformedMessageException e) {
            return;
        }
        assertEquals(bytes, m.encode());
    }
}
