package org.tem.examples.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.tem.api.Topology;
import org.tem.api.Vpp;
import org.tem.examples.synthetic.SyntheticScenario;

class ScenarioRoundTripProperties {

    private static String write(Vpp vpp) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ScenarioWriter.write(vpp, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Property(tries = 40)
    void writeReadWriteIsIdentical(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int homes,
            @ForAll Topology topology, @ForAll boolean timeOfUse, @ForAll @IntRange(min = 0, max = 3) int day)
            throws IOException {
        Vpp vpp = SyntheticScenario.of(homes, seed).topology(topology).timeOfUse(timeOfUse).day(day).build();
        String first = write(vpp);
        String second = write(ScenarioReader.parse(first));
        assertEquals(first, second);
    }

    @Property(tries = 20)
    void sameOptionsGiveTheSameScenario(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int homes) throws IOException {
        assertEquals(write(SyntheticScenario.of(homes, seed).build()), write(SyntheticScenario.of(homes, seed).build()));
    }
}
