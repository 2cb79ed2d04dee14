/**
 * The chain: its {@link org.tem.ledger.chain.Genesis} (chain id, time rules, operator and
 * permitted accounts, contracts, initial state), and {@link org.tem.ledger.chain.Blockchain},
 * which builds blocks from transactions, imports blocks (time and seal checks through the
 * consensus hook {@link org.tem.ledger.chain.SealVerifier}, execution, root comparison, atomic
 * commit), holds blocks stamped in the future until their time, and answers state reads, proofs
 * and contract queries.
 *
 * <h2>Hostile input</h2>
 * Every block and transaction is untrusted. Import never throws for a bad block: the
 * {@link org.tem.ledger.chain.ImportResult} says imported, already known, held (from the future),
 * rejected (invalid for every honest node) or not processed (this node could not execute it, for
 * example out of memory: not a verdict on the block, which may be offered again). A transaction
 * whose call raises an {@link java.lang.Error} never becomes a receipt, because another node might
 * complete the call: a builder leaves it out, with the reason. Only a failure of the node's own
 * store escapes, as {@link org.tem.ledger.storage.StorageException}.
 *
 * <h2>Time</h2>
 * A block is stamped at least its parent's time plus the genesis' block period and at most the
 * importing node's clock plus the genesis' drift; the minimum deadline window a contract should use
 * follows from these (see {@link org.tem.ledger.chain.Genesis}).
 */
package org.tem.ledger.chain;
