package org.tem.examples.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Strict reading of the project's JSON input files (scenarios, community parameters): one parser
 * that refuses duplicate keys and trailing tokens and keeps decimals exact until a value is read,
 * and typed accessors whose error messages start with the field's path
 * ({@code prosumers[3].battery.capacity: must be a number, was the string "x"}).
 *
 * <p>Each reader reports errors as its own exception type through the factory given here, so a
 * scenario error stays a {@code ScenarioException} and a parameters error a {@code DataException}.
 * Instances are immutable and thread-safe.
 */
public final class StrictJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final Function<String, ? extends RuntimeException> error;

    /**
     * @param error makes the exception thrown for a message (the message starts with the field path)
     */
    public StrictJson(Function<String, ? extends RuntimeException> error) {
        this.error = Objects.requireNonNull(error, "error");
    }

    /**
     * @return the strict parser: duplicate keys and trailing tokens are errors, decimals are read as
     *     {@code BigDecimal}; shared and thread-safe, do not reconfigure it
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * @param message the message, starting with the field path
     * @return the exception this reader throws for it (to be thrown by the caller)
     */
    public RuntimeException error(String message) {
        return error.apply(message);
    }

    /**
     * @param node an object
     * @param field a field name
     * @param path the object's path ({@code ""} for the root)
     * @return the field's value
     * @throws RuntimeException (this reader's type) when the field is absent or null
     */
    public JsonNode required(ObjectNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw error(prefixed(path, field) + ": required");
        }
        return value;
    }

    /**
     * Refuses any field not in {@code known} (a misspelt field must not be silently ignored).
     *
     * @param node an object
     * @param path its path ({@code ""} for the root)
     * @param known the field names allowed
     * @throws RuntimeException (this reader's type) naming the first unknown field and the known ones
     */
    public void fields(ObjectNode node, String path, Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw error(prefixed(path, name) + ": unknown field (known: " + String.join(", ", new TreeSet<>(known))
                        + ")");
            }
        }
    }

    /**
     * @param node a value, possibly null (absent)
     * @param path its path
     * @return the value as an object
     * @throws RuntimeException (this reader's type) when it is not an object
     */
    public ObjectNode object(JsonNode node, String path) {
        if (!(node instanceof ObjectNode o)) {
            throw error(path + ": must be an object, was " + kind(node));
        }
        return o;
    }

    /**
     * @param node a value, possibly null (absent)
     * @param path its path
     * @return the value as a finite double
     * @throws RuntimeException (this reader's type) when it is not a number or does not fit a finite double
     */
    public double number(JsonNode node, String path) {
        if (node == null || !node.isNumber()) {
            throw error(path + ": must be a number, was " + kind(node));
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            throw error(path + ": must be a finite number, was " + node.asText());
        }
        return value;
    }

    /**
     * @param node a value, possibly null (absent)
     * @param path its path
     * @return the value as an int
     * @throws RuntimeException (this reader's type) when it is not an integral number within int's range
     */
    public int integer(JsonNode node, String path) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
            throw error(path + ": must be an integer, was " + kind(node));
        }
        return node.intValue();
    }

    /**
     * @param node a value, possibly null (absent)
     * @param path its path
     * @return the value as a string
     * @throws RuntimeException (this reader's type) when it is not a string
     */
    public String text(JsonNode node, String path) {
        if (node == null || !node.isTextual()) {
            throw error(path + ": must be a string, was " + kind(node));
        }
        return node.textValue();
    }

    /**
     * @param node a value, possibly null (absent)
     * @param path its path
     * @return the value as a boolean
     * @throws RuntimeException (this reader's type) when it is not {@code true} or {@code false}
     */
    public boolean bool(JsonNode node, String path) {
        if (node == null || !node.isBoolean()) {
            throw error(path + ": must be true or false, was " + kind(node));
        }
        return node.booleanValue();
    }

    /**
     * @param node a value, possibly null (absent)
     * @return what it is, for an error message: {@code absent}, {@code null}, {@code the string "x"},
     *     {@code an array}, {@code an object}, or the literal
     */
    public static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "absent";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return "the string \"" + node.textValue() + "\"";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        return node.toString();
    }

    private static String prefixed(String path, String field) {
        return (path.isEmpty() ? "" : path + ".") + field;
    }
}
