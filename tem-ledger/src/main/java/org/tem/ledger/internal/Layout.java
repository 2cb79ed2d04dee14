package org.tem.ledger.internal;

import java.nio.ByteBuffer;
import org.tem.ledger.crypto.Address;
import org.tem.ledger.crypto.Hash;

/** The storage key layout (one keyspace, a one-byte prefix per table). */
public final class Layout {
    /** 's' + address + key: contract state. */
    public static final byte STATE = 's';
    /** 'c' + address: the contract's current state root. */
    public static final byte ROOT = 'c';
    /** 'n' + number (8 bytes): block hash. */
    public static final byte NUMBER = 'n';
    /** 'b' + hash: block encoding. */
    public static final byte BLOCK = 'b';
    /** 'r' + hash: RLP list of receipt encodings. */
    public static final byte RECEIPTS = 'r';
    /** 't' + tx hash: rlp([block number, index]). */
    public static final byte TX = 't';
    /** The head block hash. */
    public static final byte[] HEAD = {'H'};

    private Layout() {
    }

    /**
     * @param prefix the table
     * @param parts the key parts
     * @return the concatenation
     */
    public static byte[] key(byte prefix, byte[]... parts) {
        int n = 1;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n).put(prefix);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    /**
     * @param a a contract
     * @return the prefix of its state entries
     */
    public static byte[] statePrefix(Address a) {
        return key(STATE, a.toArray());
    }

    /**
     * @param number a block number
     * @return its index key
     */
    public static byte[] number(long number) {
        return ByteBuffer.allocate(9).put(NUMBER).putLong(number).array();
    }

    /**
     * @param prefix the table
     * @param h a hash
     * @return the key
     */
    public static byte[] hashKey(byte prefix, Hash h) {
        return key(prefix, h.toArray());
    }
}
