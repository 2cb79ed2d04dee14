package org.tem.examples.scenario;

import org.tem.api.TemException;

/**
 * A scenario file that cannot be read: malformed JSON, an unknown field, a wrong type or length, or
 * a value the model rejects. The message starts with the field path, e.g.
 * {@code prosumers[3].battery.efficiency: must be in (0, 1], was 1.2}.
 */
public class ScenarioException extends TemException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the field path and what is wrong with it
     */
    public ScenarioException(String message) {
        super(message);
    }

    /**
     * @param message the field path and what is wrong with it
     * @param cause the underlying failure
     */
    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
