package org.tem.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import org.tem.api.TemException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tem} command. Exit codes: 0 solved (optimal), 1 anything else (a solver failure, an
 * iteration cap), 2 bad input (a usage error or an invalid scenario; the message names the field),
 * 3 infeasible.
 */
@Command(name = "tem", mixinStandardHelpOptions = true, version = "tem 0.1.0",
        description = "Trustable transactive energy management: schedule prosumers' DERs and P2P trades.",
        subcommands = {ScenarioCommand.class, SolveCommand.class, DemoCommand.class, NodeCommand.class, org.tem.examples.meter.MeterCommand.class, org.tem.examples.meter.OperatorCommand.class, org.tem.examples.simulate.SimulateCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Units: energy in kWh per slot, prices in currency per kWh, costs in currency.",
            "Exit codes: 0 optimal, 1 other failure, 2 bad input, 3 infeasible."})
public final class TemCommand {
    /** Exit code for a solved, optimal result. */
    public static final int OK = 0;
    /** Exit code for any failure that is not bad input or infeasibility. */
    public static final int FAILURE = 1;
    /** Exit code for bad input: a usage error or an invalid scenario file. */
    public static final int BAD_INPUT = 2;
    /** Exit code for an infeasible scenario (the result file is still written). */
    public static final int INFEASIBLE = 3;

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command without exiting the JVM (for tests and embedding).
     *
     * @param args command-line arguments
     * @return the exit code
     */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** @return the configured picocli command line */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TemCommand());
        cl.setExecutionExceptionHandler(TemCommand::handle);
        return cl;
    }

    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof TemException || e instanceof IllegalArgumentException) {
            err.println("tem: " + e.getMessage());
            err.flush();
            return BAD_INPUT;
        }
        if (e instanceof NoSuchFileException nf) {
            err.println("tem: no such file: " + nf.getFile());
            err.flush();
            return BAD_INPUT;
        }
        if (e instanceof IOException) {
            err.println("tem: " + e);
            err.flush();
            return BAD_INPUT;
        }
        err.println("tem: failed: " + e);
        e.printStackTrace(err);
        err.flush();
        return FAILURE;
    }
}
