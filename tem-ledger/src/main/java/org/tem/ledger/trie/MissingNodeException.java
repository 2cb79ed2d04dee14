package org.tem.ledger.trie;

import org.tem.ledger.LedgerException;
import org.tem.ledger.crypto.Hash;

/**
 * A trie node needed to answer a read is not in the store: the root was pruned (or never
 * committed), or the store lost data. A read never returns a wrong answer instead: nodes are
 * addressed by their hash, so what is found is what the root committed to.
 */
public final class MissingNodeException extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final transient Hash node;

    /**
     * @param node the hash of the missing node
     */
    public MissingNodeException(Hash node) {
        super("trie node " + node + " is not in the store (pruned or never committed)");
        this.node = node;
    }

    /**
     * @return the hash of the missing node
     */
    public Hash node() {
        return node;
    }
}
