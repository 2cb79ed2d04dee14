/**
 * The ledger: signed transactions, blocks with Merkle roots, a world state whose root commits to
 * every contract, a deterministic contract runtime, the mempool and block storage.
 *
 * <p>Nothing lives here yet: the ledger is built by the issue that follows the ADMM one (see
 * DESIGN.md, "Ledger"). The module exists now so that the build and the module map are final.
 */
package org.tem.ledger;
