package org.tem.examples.simulate;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tem.api.Vpp;
import org.tem.examples.data.CommunityVpp;
import org.tem.examples.data.DayData;

/** Days of {@link CommunityVpp}: day {@code d} of the run is the data's date {@code start + d}. Immutable. */
final class RealDays implements DaySource {
    private final CommunityVpp community;
    private final LocalDate start;
    private final int prosumers;
    private final int days;
    /** Each day's slot starts, read once (a day of the data is built afresh on every read). */
    private final OffsetDateTime[][] slotStarts;

    RealDays(CommunityVpp community, LocalDate start, int prosumers, int days) {
        this.community = community;
        this.start = start;
        this.prosumers = prosumers;
        this.days = days;
        this.slotStarts = new OffsetDateTime[days][];
        for (int d = 0; d < days; d++) {
            DayData day = community.data().day(start.plusDays(d));
            slotStarts[d] = new OffsetDateTime[DayData.SLOTS];
            for (int t = 0; t < DayData.SLOTS; t++) {
                slotStarts[d][t] = day.slotStart(t);
            }
        }
    }

    @Override
    public String description() {
        boolean embedded = community.data().source().equals("the embedded data");
        return (embedded ? "real data embedded in tem: " + community.data().homes().size()
                + " CityLearn 2022 homes (Fontana, California) and the Kelmarsh wind profile"
                : "real data from " + community.data().source());
    }

    @Override
    public List<String> attribution() {
        if (!community.data().source().equals("the embedded data")) {
            return List.of();
        }
        return List.of("Household load and PV data: The CityLearn Challenge 2022 dataset (Nweye, Siva & Nagy 2023,"
                + " doi:10.18738/T8/0YLJ6Q), from EPRI measurements in the Sierra Crest ZNE community, Fontana CA;"
                + " redistributed under the MIT License, Copyright (c) 2020 Jose Ramon Vazquez-Canteli, Intelligent"
                + " Environments Laboratory. Gap-filled by tem.",
                "Wind data: Plumley, C. (2022), Kelmarsh wind farm data (v0.0.3), Zenodo, doi:10.5281/zenodo.5841834,"
                + " licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); hourly means normalised by"
                + " rated power, gap-filled and re-aligned to the households' year by tem.");
    }

    @Override
    public String currency() {
        return "USD";
    }

    @Override
    public int prosumers() {
        return prosumers;
    }

    @Override
    public LocalDate date(int day) {
        Objects.checkIndex(day, days);
        return start.plusDays(day);
    }

    @Override
    public OffsetDateTime slotStart(int day, int slot) {
        Objects.checkIndex(day, days);
        Objects.checkIndex(slot, DayData.SLOTS);
        return slotStarts[day][slot];
    }

    @Override
    public Vpp vpp(int day, Map<String, Double> initialSocKwh) {
        return community.day(date(day), prosumers, initialSocKwh);
    }
}

