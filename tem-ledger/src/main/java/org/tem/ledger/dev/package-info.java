/**
 * A single-validator development chain, like an Ethereum client's dev mode: one key seals a
 * block as soon as transactions are pending. Enough to run contracts end to end in tests,
 * examples and single-node tools.
 */
package org.tem.ledger.dev;
