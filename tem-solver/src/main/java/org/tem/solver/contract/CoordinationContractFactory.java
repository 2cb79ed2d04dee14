package org.tem.solver.contract;

import java.util.Optional;
import org.tem.api.contract.Contract;
import org.tem.api.contract.ContractFactory;

/**
 * Makes the {@link CoordinationContract} by its name for chain specifications (registered with
 * {@link java.util.ServiceLoader}); its operator's address is kept under {@link
 * CoordinationContract#OPERATOR_KEY}. Stateless and thread-safe.
 */
public final class CoordinationContractFactory implements ContractFactory {

    /** Creates the factory (stateless). */
    public CoordinationContractFactory() {
    }

    @Override
    public String name() {
        return new CoordinationContract().name();
    }

    @Override
    public Contract create() {
        return new CoordinationContract();
    }

    @Override
    public Optional<byte[]> operatorStateKey() {
        return Optional.of(CoordinationContract.OPERATOR_KEY.clone());
    }
}
