package org.tem.examples.scenario;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.tem.api.Vpp;

/** The test scenario {@code small-scenario.json} as an editable JSON tree, and assertions on reading it. */
public final class ScenarioJson {
    /** The resource: 4 slots, 3 prosumers a, b, c, every optional field used at least once. */
    public static final String SMALL = "/small-scenario.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ScenarioJson() {
    }

    /** @return a fresh, mutable copy of the small scenario */
    public static ObjectNode small() {
        try (InputStream in = ScenarioJson.class.getResourceAsStream(SMALL)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: " + SMALL);
            }
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the small scenario after {@code edit}, as JSON text */
    public static String small(Consumer<ObjectNode> edit) {
        ObjectNode root = small();
        edit.accept(root);
        return root.toString();
    }

    /** @return the object at a JSON pointer such as {@code /prosumers/0/battery} */
    public static ObjectNode at(ObjectNode root, String pointer) {
        JsonNode node = root.at(pointer);
        if (!(node instanceof ObjectNode o)) {
            throw new IllegalArgumentException("no object at " + pointer);
        }
        return o;
    }

    /** @return the array at a JSON pointer */
    public static ArrayNode array(ObjectNode root, String pointer) {
        JsonNode node = root.at(pointer);
        if (!(node instanceof ArrayNode a)) {
            throw new IllegalArgumentException("no array at " + pointer);
        }
        return a;
    }

    /** @return the small scenario after {@code edit}, read */
    public static Vpp read(Consumer<ObjectNode> edit) {
        return ScenarioReader.parse(small(edit));
    }

    /**
     * Asserts that reading {@code json} fails with a ScenarioException whose message starts with
     * {@code prefix} and contains each fragment.
     */
    public static ScenarioException rejects(String json, String prefix, String... fragments) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioReader.parse(json));
        String m = e.getMessage();
        assertTrue(m != null && m.startsWith(prefix), () -> "message should start with '" + prefix + "': " + m);
        for (String f : fragments) {
            assertTrue(m.contains(f), () -> "message should contain '" + f + "': " + m);
        }
        return e;
    }

    /** Edits the small scenario and asserts that reading it fails as {@link #rejects(String, String, String...)} says. */
    public static ScenarioException rejects(Consumer<ObjectNode> edit, String prefix, String... fragments) {
        return rejects(small(edit), prefix, fragments);
    }
}
