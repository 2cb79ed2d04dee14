package org.tem.ledger.trie;

import org.tem.ledger.LedgerException;

/** Bytes that are not a canonical trie node (from a corrupt store or a hostile proof). */
final class MalformedNodeException extends LedgerException {
    private static final long serialVersionUID = 1L;

    MalformedNodeException(String reason) {
        super("malformed trie node: " + reason);
    }
}
