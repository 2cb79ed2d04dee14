package org.tem.examples.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import org.tem.api.ProsumerSchedule;
import org.tem.api.Series;
import org.tem.api.Solution;

/** Writes a {@link Solution} as a result file (docs/formats.md). */
public final class ResultWriter {
    private ResultWriter() {
    }

    /**
     * @param solution the solution
     * @return the result as a JSON tree
     */
    public static ObjectNode toJson(Solution solution) {
        ObjectNode root = JsonFiles.object();
        root.put("method", solution.method());
        root.put("status", solution.status().label());
        if (!solution.message().isEmpty()) {
            root.put("message", solution.message());
        }
        if (Double.isFinite(solution.totalCost())) {
            root.put("totalCost", solution.totalCost());
        }
        if (!"central".equals(solution.method())) {
            root.put("iterations", solution.iterations());
            // JSON has no NaN: a residual no iteration produced is left out, as the total cost is
            if (Double.isFinite(solution.primalResidual())) {
                root.put("primalResidual", solution.primalResidual());
            }
            if (Double.isFinite(solution.dualResidual())) {
                root.put("dualResidual", solution.dualResidual());
            }
        }
        root.put("seconds", solution.seconds());
        var list = root.putArray("prosumers");
        for (ProsumerSchedule s : solution.schedules()) {
            ObjectNode p = list.addObject();
            p.put("id", s.id());
            p.put("cost", s.cost());
            ObjectNode breakdown = p.putObject("costBreakdown");
            s.costBreakdown().forEach(breakdown::put);
            for (String name : Series.STANDARD) {
                p.set(name, JsonFiles.array(s.series(name)));
            }
            s.series().forEach((name, values) -> {
                if (!Series.STANDARD.contains(name)) {
                    p.set(name, JsonFiles.array(values));
                }
            });
            p.set("netTrade", JsonFiles.array(s.netTrade()));
            ObjectNode trades = p.putObject("trades");
            s.trades().forEach((peer, values) -> trades.set(peer, JsonFiles.array(values)));
        }
        return root;
    }

    /**
     * @param solution the solution
     * @param out where to write UTF-8 JSON (not closed)
     * @throws IOException on a write failure
     */
    public static void write(Solution solution, OutputStream out) throws IOException {
        JsonFiles.writer().writeValue(new ScenarioWriter.NonClosing(out), toJson(solution));
        out.write('\n');
        out.flush();
    }
}
