package org.tem.examples.meter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Solution;
import org.tem.api.Vpp;
import org.tem.consensus.network.InMemoryNetwork;
import org.tem.consensus.node.ChainSpec;
import org.tem.consensus.node.TemNode;
import org.tem.consensus.scheduler.Simulator;
import org.tem.examples.cli.NodeConfig;
import org.tem.examples.cli.TemCommand;
import org.tem.examples.scenario.ScenarioReader;
import org.tem.solver.admm.AdmmIteration;
import org.tem.solver.admm.AdmmListener;
import org.tem.solver.admm.AdmmOutcome;
import org.tem.solver.admm.AdmmSolver;
import org.tem.solver.contract.RoundConfig;

/**
 * The meter app and the operator console run one round together on an in-memory network driven
 * by a simulator (virtual time, deterministic): the files come from {@code tem node --init
 * --validators 3 --scenario docs/examples/scenario.json}; three validators, the operator's node
 * and three meter nodes, each meter holding only its own one-prosumer file. The round is opened
 * from the operator's public configuration (which gives the same {@link RoundConfig} as the whole
 * VPP would), converges, and settles: payments sum to zero, each meter's payment is the operator's
 * table entry, and the iterations and every settled schedule equal in-process ADMM on the whole
 * scenario bit for bit (no deadline fires).
 */
class MeterAppsTest {
    private static final Path SCENARIO = Path.of("..", "docs", "examples", "scenario.json");

    @Test
    void threeMetersAndAnOperatorSettleARoundLikeInProcessAdmm(@TempDir Path dir) throws Exception {
        assertEquals(TemCommand.OK, TemCommand.run("node", "--init", dir.toString(), "--validators", "3",
                "--period-millis", "0", "--scenario", SCENARIO.toString()));
        Vpp vpp = ScenarioReader.read(SCENARIO);
        ChainSpec spec = ChainSpec.read(dir.resolve("chain.json"));
        OperatorConfig oc = OperatorConfig.read(dir.resolve("operator.json"));
        assertEquals(RoundConfig.of(vpp, DevApps.OPTIONS, 100, OperatorConfig.DEFAULT_DEADLINE_MILLIS), oc.config(),
                "the operator's public data gives the round of the whole VPP");
        assertTrue(spec.nodeKeys().contains(NodeConfig.read(dir.resolve("meter-0-node.json")).nodeKey().publicKey()),
                "the chain lists the meters' node keys");

        Simulator sim = new Simulator(spec.genesisTimestamp() + 1_000, 5);
        InMemoryNetwork net = InMemoryNetwork.builder(sim).seed(5).latency(5, 50).build();
        List<TemNode> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            NodeConfig c = NodeConfig.read(dir.resolve("node-" + i + ".json"));
            nodes.add(TemNode.builder().chainSpec(spec).memory(net, "v" + i).scheduler(sim.newScheduler()).seed(i)
                    .validatorKey(c.validatorKey().orElseThrow()).build());
        }
        TemNode opNode = TemNode.builder().chainSpec(spec).memory(net, "operator").scheduler(sim.newScheduler())
                .build();
        nodes.add(opNode);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        List<MeterApp> meters = new ArrayList<>();
        for (int u = 0; u < vpp.size(); u++) {
            MeterConfig mc = MeterConfig.read(dir.resolve("meter-" + u + ".json"));
            Vpp own = ScenarioReader.read(mc.prosumer());
            assertEquals(1, own.size(), "a meter holds only its own prosumer");
            TemNode n = TemNode.builder().chainSpec(spec).memory(net, "meter-" + u).scheduler(sim.newScheduler())
                    .build();
            nodes.add(n);
            meters.add(new MeterApp(n, mc.key(), own.prosumers().get(0), own.market(), mc.contract(),
                    mc.firstRound(), 1, mc.resendMillis(), log::add));
        }
        nodes.forEach(TemNode::start);
        List<AdmmIteration> progress = new ArrayList<>();
        OperatorConsole console = new OperatorConsole(opNode, oc.key(), oc.contract(), oc.round(), oc.participants(),
                oc.config(), progress::add, log::add);
        console.start();
        assertTrue(sim.runUntil(() -> console.result().isDone() && meters.stream().allMatch(m -> m.done().isDone()),
                sim.now() + 3_600_000), "the round settles within an hour of virtual time");
        OperatorConsole.Result result = console.result().join();

        Solution admm = new AdmmSolver(DevApps.OPTIONS, 1, AdmmListener.NONE).solve(vpp);
        assertEquals(AdmmOutcome.Status.CONVERGED, result.outcome().status(), String.join("\n", log));
        assertEquals(admm.iterations(), result.outcome().iterations());
        assertEquals(admm.iterations(), progress.size(), "one progress report per iteration");
        Map<String, Long> table = result.settlements();
        assertEquals(3, table.size());
        assertEquals(0, table.values().stream().mapToLong(Long::longValue).sum());
        for (MeterApp m : meters) {
            List<MeterApp.RoundResult> rs = m.results();
            assertEquals(1, rs.size());
            MeterApp.RoundResult r = rs.get(0);
            assertEquals(table.get(m.id()), r.payment(), m.id());
            assertEquals(admm.iterations(), r.iterations(), m.id());
            ProsumerSchedule mine = r.schedule().schedule().orElseThrow();
            ProsumerSchedule central = admm.schedules().stream().filter(s -> s.id().equals(m.id())).findFirst()
                    .orElseThrow();
            central.series().forEach((name, v) -> assertArrayEquals(v, mine.series(name), 0.0, m.id() + " " + name));
            central.trades().forEach((peer, v) -> assertArrayEquals(v, mine.trades().get(peer), 0.0, m.id() + " " + peer));
        }
        assertTrue(log.stream().anyMatch(l -> l.startsWith("operator: sum")), String.join("\n", log));
        nodes.forEach(TemNode::close);
    }

    /**
     * A meter that never runs: the operator advances the first iteration once the chain's median
     * block time is past its deadline, the deadline rule excludes the silent prosumer, and the
     * round still settles among the others (payments summing to zero, the silent one paying
     * nothing). The chain has a block period here: with period 0 no block would be sealed while
     * nobody submits, and the median block time would never reach the deadline.
     */
    @Test
    void theOperatorAdvancesPastASilentMeterAndTheRoundSettlesWithoutIt(@TempDir Path dir) throws Exception {
        assertEquals(TemCommand.OK, TemCommand.run("node", "--init", dir.toString(), "--validators", "3",
                "--period-millis", "1000", "--scenario", SCENARIO.toString()));
        Path opFile = dir.resolve("operator.json");
        String json = Files.readString(opFile);
        assertTrue(json.contains("\"deadlineMillis\" : 60000"));
        Files.writeString(opFile, json.replace("\"deadlineMillis\" : 60000", "\"deadlineMillis\" : 5000"));
        Vpp vpp = ScenarioReader.read(SCENARIO);
        ChainSpec spec = ChainSpec.read(dir.resolve("chain.json"));
        OperatorConfig oc = OperatorConfig.read(opFile);
        Simulator sim = new Simulator(spec.genesisTimestamp() + 1_000, 9);
        InMemoryNetwork net = InMemoryNetwork.builder(sim).seed(9).latency(5, 50).build();
        List<TemNode> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            NodeConfig c = NodeConfig.read(dir.resolve("node-" + i + ".json"));
            nodes.add(TemNode.builder().chainSpec(spec).memory(net, "v" + i).scheduler(sim.newScheduler()).seed(i)
                    .validatorKey(c.validatorKey().orElseThrow()).build());
        }
        TemNode opNode = TemNode.builder().chainSpec(spec).memory(net, "operator").scheduler(sim.newScheduler())
                .build();
        nodes.add(opNode);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        List<MeterApp> meters = new ArrayList<>();
        String silent = vpp.prosumers().get(0).id();
        for (int u : new int[] {1, 2}) {
            MeterConfig mc = MeterConfig.read(dir.resolve("meter-" + u + ".json"));
            Vpp own = ScenarioReader.read(mc.prosumer());
            TemNode n = TemNode.builder().chainSpec(spec).memory(net, "meter-" + u).scheduler(sim.newScheduler())
                    .build();
            nodes.add(n);
            meters.add(new MeterApp(n, mc.key(), own.prosumers().get(0), own.market(), mc.contract(),
                    mc.firstRound(), 1, mc.resendMillis(), log::add));
        }
        nodes.forEach(TemNode::start);
        OperatorConsole console = new OperatorConsole(opNode, oc.key(), oc.contract(), oc.round(), oc.participants(),
                oc.config(), AdmmListener.NONE, log::add);
        console.start();
        assertTrue(sim.runUntil(() -> console.result().isDone() && meters.stream().allMatch(m -> m.done().isDone()),
                sim.now() + 3_600_000), String.join("\n", log));
        OperatorConsole.Result result = console.result().join();
        assertEquals(List.of(silent), result.outcome().excluded(), String.join("\n", log));
        assertTrue(log.stream().anyMatch(l -> l.contains("past its deadline; advancing")), String.join("\n", log));
        assertEquals(0L, result.settlements().get(silent));
        assertEquals(0, result.settlements().values().stream().mapToLong(Long::longValue).sum());
        for (MeterApp m : meters) {
            assertEquals(result.settlements().get(m.id()), m.results().get(0).payment(), m.id());
        }
        nodes.forEach(TemNode::close);
    }
}
