package org.tem.examples.meter;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.tuweni.bytes.Bytes;
import org.tem.api.contract.ContractException;
import org.tem.consensus.node.Account;
import org.tem.consensus.node.TemNode;
import org.tem.ledger.chain.QueryResult;
import org.tem.ledger.crypto.Address;
import org.tem.solver.contract.ContractCoordination;
import org.tem.solver.contract.Coordination;
import org.tem.solver.contract.CoordinationChannel;

/**
 * The coordination contract reached through a {@link TemNode}: what a meter or an operator plugs
 * into {@link ContractCoordination} to get a typed {@link Coordination} over tem's own ledger.
 * Calls go through the party's {@link Account} (its key, its nonce, resent until included,
 * followed through reorganisations, completed with the receipt once final); queries read the
 * node's head or its last final block, as chosen at construction.
 *
 * <p>Reading the head lets a meter answer an iteration as soon as it opens; the coordination step
 * depends only on the submissions, so a reorganisation never changes an iteration's broadcast
 * while no deadline fires, and a submission it drops is sent again by the account. Read the
 * final state for anything that moves money (the settlement). Thread-safe as far as the node and
 * the account are (both are).
 */
public final class NodeChannel implements CoordinationChannel {
    private final TemNode node;
    private final Account account;
    private final Address contract;
    private final boolean head;

    /**
     * @param node the node the party talks to
     * @param account the party's signed connection to that node
     * @param contract the coordination contract's address in the chain spec
     * @param head true to read queries at the node's head, false at its last final block
     */
    public NodeChannel(TemNode node, Account account, Address contract, boolean head) {
        this.node = Objects.requireNonNull(node, "node");
        this.account = Objects.requireNonNull(account, "account");
        this.contract = Objects.requireNonNull(contract, "contract");
        this.head = head;
    }

    /**
     * @param node the node the party talks to
     * @param account the party's signed connection to that node
     * @param contract the coordination contract's address
     * @param head true to read at the head, false at the last final block
     * @return the typed coordination over this channel
     */
    public static Coordination coordination(TemNode node, Account account, Address contract, boolean head) {
        return new ContractCoordination(new NodeChannel(node, account, contract, head));
    }

    @Override
    public CompletableFuture<Outcome> call(String method, byte[] args) {
        return account.send(contract, method, Bytes.wrap(args)).thenApply(r -> new Outcome(r.success(),
                r.success() || r.reason() == null ? "" : r.reason()));
    }

    @Override
    public byte[] query(String method, byte[] args) {
        QueryResult r = head ? node.query(contract, method, Bytes.wrap(args))
                : node.queryFinalized(contract, method, Bytes.wrap(args));
        if (!r.ok()) {
            throw new ContractException(r.reason());
        }
        return r.output().toArray();
    }
}
