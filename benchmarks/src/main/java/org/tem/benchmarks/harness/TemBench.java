package org.tem.benchmarks.harness;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tem-bench}: the macro benchmark harness. Each subcommand writes a CSV, a PNG chart and
 * Markdown table rows into {@code --out} and prints its headline figures as its last lines.
 *
 * <pre>
 * java -jar benchmarks/target/tem-bench.jar latency --validators 5,10,20 --transport tcp --rate 100 --seconds 10
 * java -jar benchmarks/target/tem-bench.jar throughput --validators 5 --transport tcp
 * java -jar benchmarks/target/tem-bench.jar footprint --height 33846
 * java -jar benchmarks/target/tem-bench.jar admm-scale --max-prosumers 100
 * </pre>
 */
@Command(name = "tem-bench", mixinStandardHelpOptions = true,
        description = "tem macro benchmarks: latency, throughput, footprint, admm-scale.",
        subcommands = {LatencyCommand.class, ThroughputCommand.class, FootprintCommand.class,
            AdmmScaleCommand.class})
public final class TemBench implements Runnable {

    /** Picocli's constructor. */
    public TemBench() {
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /**
     * @param args a subcommand and its options
     * @return the exit code (0 on success)
     */
    public static int execute(String... args) {
        return new CommandLine(new TemBench()).execute(args);
    }

    /**
     * @param args a subcommand and its options
     */
    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
