package org.tem.consensus.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.tem.ledger.crypto.Hash;

/** Decoding of {@link Message}s from untrusted bytes, and the size rule the constructors share. */
final class MessageCodec {

    /** Room for a message's type and fixed fields, in bytes. */
    static final int OVERHEAD = 256;

    /** The most an RLP value header adds to a payload below 4 GiB, in bytes. */
    static final int ITEM_OVERHEAD = 5;

    private MessageCodec() {
    }

    /** Throws if payloads this large could not be encoded within {@link Message#MAX_BYTES}. */
    static void checkPayload(List<Bytes> items) {
        long size = OVERHEAD;
        for (Bytes b : items) {
            size += b.size() + ITEM_OVERHEAD;
        }
        if (size > Message.MAX_BYTES) {
            throw new IllegalArgumentException("message would exceed " + Message.MAX_BYTES + " bytes");
        }
    }

    static Message decode(Bytes bytes) {
        if (bytes.size() > Message.MAX_BYTES) {
            throw new MalformedMessageException("message of " + bytes.size() + " bytes exceeds the limit of "
                    + Message.MAX_BYTES);
        }
        Message m;
        try {
            m = RLP.decodeList(bytes, MessageCodec::read);
        } catch (MalformedMessageException e) {
            throw e;
        } catch (RuntimeException e) {
            // Tuweni's RLP exceptions, and the records' own IllegalArgumentException.
            throw new MalformedMessageException("malformed message: " + e.getMessage());
        }
        // Compared as flat arrays: the encoder's concatenated view compares byte by byte, slowly.
        if (!Bytes.wrap(m.encode().toArrayUnsafe()).equals(bytes)) {
            throw new MalformedMessageException("malformed message: not the canonical encoding");
        }
        return m;
    }

    private static Message read(RLPReader r) {
        int type = r.readInt();
        Message m = switch (type) {
            case Status.TYPE -> new Status(r.readInt(), r.readLong(), hash(r.readValue()), r.readLong(),
                    hash(r.readValue()), r.readValue(), r.readLong(), hash(r.readValue()));
            case Transactions.TYPE -> new Transactions(items(r, Transactions.MAX_TRANSACTIONS));
            case NewBlock.TYPE -> new NewBlock(r.readValue());
            case GetBlocks.TYPE -> {
                long id = r.readLong();
                Bytes h = r.readValue();
                yield new GetBlocks(id, h.isEmpty() ? Optional.empty() : Optional.of(hash(h)), r.readLong(),
                        r.readInt());
            }
            case Blocks.TYPE -> new Blocks(r.readLong(), items(r, GetBlocks.MAX_COUNT));
            default -> throw new MalformedMessageException("unknown message type " + type);
        };
        if (!r.isComplete()) {
            throw new MalformedMessageException("malformed message: extra fields");
        }
        return m;
    }

    private static Hash hash(Bytes b) {
        if (b.size() != Hash.SIZE) {
            throw new MalformedMessageException("hash must be " + Hash.SIZE + " bytes, was " + b.size());
        }
        return Hash.of(b);
    }

    private static List<Bytes> items(RLPReader r, int max) {
        return r.readList(lr -> {
            List<Bytes> out = new ArrayList<>();
            while (!lr.isComplete()) {
                if (out.size() == max) {
                    throw new MalformedMessageException("more than " + max + " items");
                }
                out.add(lr.readValue());
            }
            return out;
        });
    }
}
