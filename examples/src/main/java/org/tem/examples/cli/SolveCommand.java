package org.tem.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tem.api.Solution;
import org.tem.api.Vpp;
import org.tem.examples.scenario.ResultWriter;
import org.tem.examples.scenario.ScenarioReader;
import org.tem.solver.CentralSolver;
import org.tem.solver.qp.OjAlgoSolver;
import org.tem.solver.qp.OsqpSolver;
import org.tem.solver.qp.QpSolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tem solve}: scenario file in, result file out. */
@Command(name = "solve", mixinStandardHelpOptions = true,
        description = {"Solve a scenario (spec/FILES.md) and write the result file.",
            "Exit codes: 0 optimal, 1 other failure, 2 bad input (the message names the field), 3 infeasible",
            "(the result file is still written, with status 'infeasible')."})
public final class SolveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", required = true, description = "Scenario JSON file.")
    Path scenario;

    @Option(names = "--method", defaultValue = "central",
            description = "central: the whole VPP as one QP (the reference optimum). Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--qp-solver", defaultValue = "osqp",
            description = "QP solver for central: osqp (fast, default) or ojalgo (reference; slow beyond a few homes).")
    String qpSolver;

    @Option(names = "--out", defaultValue = "-", description = "Result file to write, '-' for stdout (default).")
    String out;

    @Option(names = "--quiet", description = "Do not print the summary on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        QpSolver qp = switch (qpSolver) {
            case "osqp" -> new OsqpSolver();
            case "ojalgo" -> new OjAlgoSolver();
            default -> throw new ParameterException(spec.commandLine(),
                    "--qp-solver: must be osqp or ojalgo, was '" + qpSolver + "'");
        };
        if (!method.equals("central")) {
            throw new ParameterException(spec.commandLine(), "--method: must be central, was '" + method + "'");
        }
        Vpp vpp = ScenarioReader.read(scenario);
        Solution solution = new CentralSolver(qp).solve(vpp);
        Output.write(out, stream -> ResultWriter.write(solution, stream));
        if (!quiet) {
            Summary.print(vpp, solution, System.err);
        }
        return switch (solution.status()) {
            case OPTIMAL -> TemCommand.OK;
            case INFEASIBLE -> TemCommand.INFEASIBLE;
            default -> TemCommand.FAILURE;
        };
    }
}
