package org.tem.api.contract;

import java.util.Optional;

/**
 * Makes a contract by its name, so that a chain specification (a file) can name the contracts
 * of a chain. Implementations are found with {@link java.util.ServiceLoader}: a module that
 * offers a contract lists its factory in {@code
 * META-INF/services/org.tem.api.contract.ContractFactory}; a node reading a chain specification
 * looks the names up among the factories on its class path.
 *
 * <p>Implementations must have a public no-argument constructor (the {@code ServiceLoader}
 * rule), be stateless and thread-safe.
 */
public interface ContractFactory {

    /**
     * @return the name of the contract this factory makes, equal to {@link Contract#name()} of
     *     every contract it makes (for example {@code "tem/coordination/4"})
     */
    String name();

    /**
     * @return a new contract of {@link #name()}
     */
    Contract create();

    /**
     * The state key under which the contract keeps the address of its operator (the account
     * allowed to administer it), if it has one. A chain specification then sets that entry from
     * its contract's {@code operator} field.
     *
     * @return the key (a fresh array), or empty if the contract has no operator entry (the
     *     default)
     */
    default Optional<byte[]> operatorStateKey() {
        return Optional.empty();
    }
}
