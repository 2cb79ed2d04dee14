package org.tem.consensus.poa;

import java.util.ArrayList;
import java.util.List;
import org.tem.ledger.crypto.Address;

/** Test signers named by one letter; their addresses sort in letter order. */
final class Names {

    private Names() {
    }

    /** The address of a one-letter name: 19 zero bytes, then the letter's code. */
    static Address addr(char name) {
        byte[] b = new byte[Address.SIZE];
        b[Address.SIZE - 1] = (byte) name;
        return Address.of(b);
    }

    static Address addr(String name) {
        if (name.length() != 1) {
            throw new IllegalArgumentException("one-letter names only: " + name);
        }
        return addr(name.charAt(0));
    }

    /** The addresses of the letters of {@code names}, in that order ("ABC" is A, B, C). */
    static List<Address> addrs(String names) {
        List<Address> out = new ArrayList<>();
        for (char c : names.toCharArray()) {
            out.add(addr(c));
        }
        return out;
    }

    /** The letters of a list of test addresses, in list order. */
    static String names(List<Address> addresses) {
        StringBuilder sb = new StringBuilder();
        for (Address a : addresses) {
            sb.append((char) a.toArray()[Address.SIZE - 1]);
        }
        return sb.toString();
    }
}
