package org.tem.examples.cli;

import java.util.concurrent.Callable;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.examples.synthetic.SyntheticScenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tem scenario}: writes a synthetic scenario file. */
@Command(name = "scenario", mixinStandardHelpOptions = true,
        description = {"Write a synthetic but realistic one-day scenario (hourly slots): PV with a daily bell and",
            "cloudy days, household load with morning and evening peaks, washers and dryers that can shift,",
            "batteries on some homes. The same options and seed always give the same file."})
public final class ScenarioCommand implements Callable<Integer> {
    @Option(names = "--prosumers", required = true, description = "Number of homes (>= 1).")
    int prosumers;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--day", defaultValue = "0", description = "Day index: weather and noise change by day,"
            + " equipment does not (default: ${DEFAULT-VALUE}).")
    int day;

    @Option(names = "--topology", defaultValue = "bilateral",
            description = "bilateral (every pair trades) or pool (one net P2P trade per home); default: ${DEFAULT-VALUE}.")
    String topology;

    @Option(names = "--time-of-use", description = "Use the time-of-use tariff 0.14/0.24/0.38 per kWh instead of a flat 0.25.")
    boolean timeOfUse;

    @Option(names = "--out", defaultValue = "-", description = "Scenario file to write, '-' for stdout (default).")
    String out;

    @Override
    public Integer call() throws Exception {
        Vpp vpp = SyntheticScenario.of(prosumers, seed).day(day).topology(Topology.fromLabel(topology))
                .timeOfUse(timeOfUse).build();
        Output.write(out, stream -> org.tem.examples.scenario.ScenarioWriter.write(vpp, stream));
        return TemCommand.OK;
    }
}
