package org.tem.examples.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.tem.api.Vpp;
import org.tem.consensus.node.ChainSpec;
import org.tem.examples.cli.NodeConfig;
import org.tem.examples.meter.MeterConfig;
import org.tem.examples.meter.OperatorConfig;
import org.tem.examples.meter.OperatorConsole;

/**
 * The example network of the documentation ({@code docs/examples/network}: a chain specification,
 * node, meter and operator configurations and one-prosumer files, as {@code tem node --init}
 * writes them) read with the real readers, and the documentation's blocks marked {@code <!--
 * example: examples/network/FILE -->} checked to be exactly those files — so the formats shown in
 * {@code docs/node.md} and {@code docs/apps.md} cannot drift from the code.
 */
class DocsNetworkExamplesTest {
    private static final Path DOCS = Path.of("../docs");
    private static final Path NETWORK = DOCS.resolve("examples/network");
    private static final Pattern MARKED = Pattern.compile(
            "<!-- example: (examples/network/[a-z0-9.-]+) -->\\n```json\\n(.*?)```\\n", Pattern.DOTALL);

    /** Every marked block of docs/*.md is byte for byte the file it names, and each page has some. */
    @Test
    void theDocumentedBlocksAreTheExampleFiles() throws IOException {
        Map<String, Integer> blocksPerPage = new TreeMap<>();
        try (Stream<Path> pages = Files.list(DOCS)) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                Matcher m = MARKED.matcher(Files.readString(page, StandardCharsets.UTF_8));
                while (m.find()) {
                    String file = Files.readString(DOCS.resolve(m.group(1)), StandardCharsets.UTF_8);
                    assertEquals(file.endsWith("\n") ? file : file + "\n", m.group(2),
                            page.getFileName() + ": the block marked " + m.group(1) + " differs from the file");
                    blocksPerPage.merge(page.getFileName().toString(), 1, Integer::sum);
                }
            }
        }
        assertEquals(Map.of("apps.md", 2, "node.md", 2), blocksPerPage);
    }

    /**
     * Every file of the example network parses with its reader, and the files agree with each
     * other: each node's key is on the chain's node-key list, each validator key is a signer, each
     * meter's prosumer file holds one prosumer whose meter key is the one the operator registers.
     */
    @Test
    void theExampleNetworkReadsAndHangsTogether() throws IOException {
        ChainSpec chain = ChainSpec.read(NETWORK.resolve("chain.json"));
        List<Path> nodeFiles = new ArrayList<>();
        try (Stream<Path> files = Files.list(NETWORK)) {
            files.filter(p -> p.getFileName().toString().matches("node-\\d+\\.json|.*-node\\.json")).sorted()
                    .forEach(nodeFiles::add);
        }
        assertEquals(6, nodeFiles.size(), "two validators, three meters and the operator each have a node");
        int validators = 0;
        for (Path f : nodeFiles) {
            NodeConfig node = NodeConfig.read(f);
            assertEquals(NETWORK.resolve("chain.json").toAbsolutePath().normalize(), node.chainSpec().toAbsolutePath().normalize(),
                    f.toString());
            assertTrue(chain.nodeKeys().contains(node.nodeKey().publicKey()), f + ": node key not on the chain's list");
            if (node.validatorKey().isPresent()) {
                validators++;
                assertTrue(chain.poa().signers().contains(node.validatorKey().get().address()),
                        f + ": validator key is not a signer");
            }
        }
        assertEquals(chain.poa().signers().size(), validators);

        OperatorConfig operator = OperatorConfig.read(NETWORK.resolve("operator.json"));
        assertEquals(chain.operator(), operator.key().publicKey(), "the operator file holds the chain's operator key");
        Map<String, Bytes> registered = new TreeMap<>();
        for (OperatorConsole.Participant p : operator.participants()) {
            registered.put(p.id(), p.publicKey());
        }
        for (int i = 0; i < 3; i++) {
            MeterConfig meter = MeterConfig.read(NETWORK.resolve("meter-" + i + ".json"));
            Vpp own = ScenarioReader.read(meter.prosumer());
            assertEquals(1, own.size(), "a meter's file holds its own prosumer only");
            String id = own.prosumers().get(0).id();
            assertEquals(registered.get(id), meter.key().publicKey(), id + ": the operator registers this meter's key");
            assertFalse(chain.accounts().contains(meter.key().publicKey()), "meters are permitted by the operator");
        }
        assertEquals(new java.util.TreeSet<>(operator.config().participants()), registered.keySet(),
                "the round's participants are the prosumers the operator registers");
    }
}
