package org.tem.consensus.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.junit.jupiter.api.Test;
import org.tem.ledger.crypto.Hash;
import org.tem.ledger.crypto.Keccak;

/** Every message type's encoding, its bounds, and what decode refuses. */
class MessageTest {

    private static final Hash H1 = Keccak.hash256(Bytes.of(1));
    private static final Hash H2 = Keccak.hash256(Bytes.of(2));

    static List<Message> samples() {
        return List.of(
                new Status(Status.PROTOCOL_VERSION, 7, H1, 12, H2, Bytes.of(1, 2), 5, H1),
                new Transactions(List.of(Bytes.of(1), Bytes.of(2, 3))),
                new NewBlock(Bytes.fromHexString("0xc0c0")),
                GetBlocks.ancestors(3, H2, 64),
                GetBlocks.range(4, 100, 1),
                new Blocks(5, List.of(Bytes.of(9), Bytes.of(8))),
                new Blocks(6, List.of()));
    }

    @Test
    void everyMessageRoundTripsThroughItsCanonicalEncoding() {
        for (Message m : samples()) {
            assertEquals(m, Message.decode(m.encode()), m.toString());
        }
    }

    @Test
    void constructorsEnforceTheBounds() {
        assertThrows(IllegalArgumentException.class, () -> new Status(1, 7, H1, 4, H2, Bytes.EMPTY, 5, H1),
                "final above head");
        assertThrows(IllegalArgumentException.class,
                () -> new Status(1, 7, H1, 4, H2, Bytes.wrap(new byte[Status.MAX_WEIGHT_BYTES + 1]), 0, H1));
        assertThrows(IllegalArgumentException.class, () -> new Transactions(List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new Transactions(Collections.nCopies(Transactions.MAX_TRANSACTIONS + 1, Bytes.of(1))));
        assertThrows(IllegalArgumentException.class, () -> new Transactions(List.of(Bytes.EMPTY)));
        assertThrows(IllegalArgumentException.class, () -> new NewBlock(Bytes.EMPTY));
        assertThrows(IllegalArgumentException.class, () -> new NewBlock(Bytes.wrap(new byte[Message.MAX_BYTES])));
        assertThrows(IllegalArgumentException.class, () -> GetBlocks.ancestors(1, H1, 0));
        assertThrows(IllegalArgumentException.class, () -> GetBlocks.range(1, 0, GetBlocks.MAX_COUNT + 1));
        assertThrows(IllegalArgumentException.class, () -> new GetBlocks(1, Optional.of(H1), 3, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new Blocks(1, Collections.nCopies(GetBlocks.MAX_COUNT + 1, Bytes.of(1))));
    }

    @Test
    void blocksFittingStopsAtTheCountOrTheByteLimit() {
        assertEquals(GetBlocks.MAX_COUNT, Blocks.fitting(Collections.nCopies(GetBlocks.MAX_COUNT + 10, Bytes.of(1))));
        Bytes big = Bytes.wrap(new byte[Message.MAX_BYTES / 3]);
        int n = Blocks.fitting(List.of(big, big, big, big));
        assertEquals(2, n);
        assertTrue(new Blocks(1, List.of(big, big)).encode().size() <= Message.MAX_BYTES);
    }

    @Test
    void decodeRefusesOversizedUnknownTrailingAndNonCanonicalBytes() {
        assertThrows(MalformedMessageException.class, () -> Message.decode(Bytes.wrap(new byte[Message.MAX_BYTES + 1])));
        assertThrows(MalformedMessageException.class, () -> Message.decode(RLP.encodeList(w -> w.writeInt(9))));
        Bytes tx = new Transactions(List.of(Bytes.of(1))).encode();
        assertThrows(MalformedMessageException.class, () -> Message.decode(Bytes.concatenate(tx, Bytes.of(0))));
        assertThrows(MalformedMessageException.class, () -> Message.decode(RLP.encodeList(w -> {
            w.writeInt(Transactions.TYPE);
            w.writeList(lw -> lw.writeValue(Bytes.of(1)));
            w.writeInt(0);
        })), "an extra field");
        assertThrows(MalformedMessageException.class, () -> Message.decode(RLP.encodeList(w -> {
            w.writeInt(NewBlock.TYPE);
            w.writeValue(Bytes.EMPTY);
        })), "an empty block");
        assertThrows(MalformedMessageException.class, () -> Message.decode(RLP.encodeList(w -> {
            w.writeInt(GetBlocks.TYPE);
            w.writeLong(1);
            w.writeValue(Bytes.of(1, 2, 3));
            w.writeLong(0);
            w.writeInt(1);
        })), "a 3-byte hash");
        assertThrows(MalformedMessageException.class, () -> Message.decode(RLP.encodeList(w -> {
            w.writeInt(Blocks.TYPE);
            w.writeLong(1);
            w.writeList(lw -> {
                for (int i = 0; i <= GetBlocks.MAX_COUNT; i++) {
                    lw.writeValue(Bytes.of(1));
                }
            });
        })), "too many blocks");
        // A number with a leading zero byte: the same value, not the canonical encoding.
        Bytes status = new Status(1, 7, H1, 12, H2, Bytes.EMPTY, 5, H1).encode();
        Bytes padded = RLP.encodeList(w -> {
            w.writeInt(Status.TYPE);
            w.writeInt(1);
            w.writeValue(Bytes.of(0, 7));
            w.writeValue(H1.toBytes());
            w.writeLong(12);
            w.writeValue(H2.toBytes());
            w.writeValue(Bytes.EMPTY);
            w.writeLong(5);
            w.writeValue(H1.toBytes());
        });
        assertTrue(!padded.equals(status));
        assertThrows(MalformedMessageException.class, () -> Message.decode(padded));
        assertThrows(MalformedMessageException.class, () -> Message.decode(Bytes.EMPTY));
    }
}
