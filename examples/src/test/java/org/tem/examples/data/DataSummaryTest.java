package org.tem.examples.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DataSummaryTest {
    @Test
    void summary_describesTheEmbeddedData() {
        assertEquals(List.of(
                "source: the embedded data",
                "homes: 13 (7 with a battery)",
                "days: 365, 2016-08-01 to 2017-07-31 (8760 hours from 2016-08-01T00:00-07:00)",
                "per home and year: load 10494 kWh, PV 6670 kWh",
                "wind: capacity factor 0.289",
                "filled home-hours: 836 load_filled, 13 dst_copy; filled wind hours: 288"),
                DataSummary.summary(CommunityData.embedded()));
    }
}
