/**
 * The command line's way onto an EVM node: the operator's key file ({@link org.tem.examples.evm.EvmKeys})
 * and {@code tem simulate --ledger evm}'s day coordinator ({@link org.tem.examples.evm.EvmDayCoordinator}),
 * over the {@code tem-evm} module.
 */
package org.tem.examples.evm;
