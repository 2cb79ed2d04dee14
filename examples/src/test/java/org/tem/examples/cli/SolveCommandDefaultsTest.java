package org.tem.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tem.solver.admm.AdmmOptions;
import picocli.CommandLine;

class SolveCommandDefaultsTest {

    @Test
    void admmOptionDefaultsOfTheCommandAreTheLibraryDefaults() {
        SolveCommand solve = new SolveCommand();
        new CommandLine(solve).parseArgs("--scenario", "x.json", "--method", "admm");
        assertEquals(AdmmOptions.DEFAULT, solve.admmOptions());
    }

    @Test
    void admmOptionsFromTheCommandLineReachTheSolver() {
        SolveCommand solve = new SolveCommand();
        new CommandLine(solve).parseArgs("--scenario", "x.json", "--rho", "2", "--fixed-rho", "--eps-abs", "1e-7",
                "--eps-rel", "1e-6", "--max-iterations", "77", "--no-acceleration");
        AdmmOptions o = solve.admmOptions();
        assertEquals(2.0, o.rho());
        assertEquals(false, o.adaptiveRho());
        assertEquals(1e-7, o.epsAbs());
        assertEquals(1e-6, o.epsRel());
        assertEquals(77, o.maxIterations());
        assertEquals(false, o.acceleration());
    }
}
