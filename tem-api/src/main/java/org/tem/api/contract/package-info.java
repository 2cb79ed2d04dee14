/**
 * The contract API: what a smart contract written in any module implements so that the ledger
 * (tem-ledger) can run it, without the contract seeing a ledger type.
 *
 * <p>A {@link org.tem.api.contract.Contract} is a Java object registered in the genesis of a
 * chain under a 20-byte address. The ledger calls
 * {@link org.tem.api.contract.Contract#call(CallContext, String, byte[])} once per transaction
 * that targets it, and {@link org.tem.api.contract.Contract#query(ReadContext, String, byte[])}
 * for read-only queries that are not transactions. Both receive their arguments as the opaque
 * byte string carried by the transaction (the ledger writes it as RLP, and contracts normally
 * decode it with an RLP library of their own).
 *
 * <p>Rules every contract must follow, because every node re-executes every call and must reach
 * the same state root:
 * <ul>
 *   <li>Deterministic: the result depends only on the arguments, the sender, the block number
 *       and timestamp given by the context, and the contract's own state. No wall clock, no
 *       randomness, no iteration over hash-ordered collections, no static mutable state, no I/O.
 *   <li>Floating point only through + − × ÷ and {@link java.lang.Math#sqrt(double)} in a fixed
 *       order; reject NaN and infinities in arguments; money as integer minor units.
 *   <li>Failure is signalled by throwing {@link org.tem.api.contract.ContractException}; the
 *       ledger then discards every write and event of the call and records the reason in a
 *       failed receipt. Any other {@link java.lang.RuntimeException} thrown by a contract is
 *       treated the same way, with a generic reason.
 *   <li>An {@link java.lang.Error} (out of memory, stack overflow) is not a failure of the call
 *       but of the node running it, and another node may not meet it: the ledger never records
 *       it as a receipt. The transaction is left out of the block being built, and a node that
 *       meets it while importing a block does not judge the block. So a contract must bound
 *       every allocation and every recursion by the size of its arguments (validate lengths and
 *       counts, with exact arithmetic, before allocating), must not catch {@code Error}, and must
 *       not hide an exception raised by the context's reads (the ledger rethrows a storage
 *       failure even if the contract catches it).
 *   <li>Deadlines are judged against {@link org.tem.api.contract.ReadContext#medianTimestamp()}
 *       with a window no shorter than the chain's allowed clock drift plus its block period plus
 *       twice the network delay plus the participants' computing time, so that an honest
 *       participant can always act in time (the ledger's genesis documents the rule).
 * </ul>
 */
package org.tem.api.contract;
