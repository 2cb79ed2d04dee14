/**
 * The chain: its {@link org.tem.ledger.chain.Genesis} (chain id, time rules, operator and
 * permitted accounts, contracts, initial state, the consensus parameters as opaque bytes), and
 * {@link org.tem.ledger.chain.Blockchain}, a block tree that builds blocks on any retained parent,
 * imports blocks (time rules and the header checks of the
 * {@link org.tem.ledger.chain.ConsensusHook}, execution, root comparison, one atomic commit), keeps
 * side blocks, follows the branch the hook's fork choice prefers (a reorganisation switches the
 * state root; it never goes below the finalised block the hook names), holds blocks stamped in the
 * future until their time, and tells {@link org.tem.ledger.chain.ChainListener}s about new heads,
 * reorganisations and finality. Nothing here knows which consensus runs.
 *
 * <p>Roles apart: a block store (blocks, receipts, indexes), an executor (execution on any
 * retained parent state),
 * {@link org.tem.ledger.chain.ChainReader} (every read, lock-free: state reads work on an
 * immutable state root) and the import side in {@code Blockchain}, whose writes come from one
 * thread at a time.
 *
 * <h2>Hostile input</h2>
 * Every block and transaction is untrusted. Import never throws for a bad block: the
 * {@link org.tem.ledger.chain.ImportResult} says new head, side block, reorganisation (what was
 * dropped and added), already known, unknown parent, held (from the future), rejected (invalid for
 * every honest node), below the finalised block, or not processed (this node could not execute it,
 * for example out of memory: not a verdict on the block, which may be offered again). A transaction
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
