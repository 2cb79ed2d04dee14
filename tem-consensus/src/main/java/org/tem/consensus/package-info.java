/**
 * Pluggable consensus (the {@code Consensus} SPI), the reference proof-of-authority following the
 * Clique rules (EIP-225), transports and the embeddable node.
 *
 * <p>Nothing lives here yet: consensus is built after the ledger (see DESIGN.md, "Consensus").
 * The module exists now so that the build and the module map are final.
 */
package org.tem.consensus;
