package org.tem.consensus.node;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.tem.api.contract.Contract;
import org.tem.api.contract.ContractFactory;

/** Makes the test {@link TallyContract} by name, registered for {@link java.util.ServiceLoader} in the test resources. */
public final class TallyFactory implements ContractFactory {

    /** The state key the chain spec's contract operator is written under. */
    static final byte[] OPERATOR = "operator".getBytes(StandardCharsets.US_ASCII);

    /** Creates the factory. */
    public TallyFactory() {
    }

    @Override
    public String name() {
        return "tally/1";
    }

    @Override
    public Contract create() {
        return new TallyContract();
    }

    @Override
    public Optional<byte[]> operatorStateKey() {
        return Optional.of(OPERATOR.clone());
    }
}
