package org.tem.examples.data;

import java.util.regex.Pattern;

/**
 * One home of a data set: its identifier, the rated power of its rooftop PV and whether it has a
 * home battery. The PV series in the data is already in kWh per hour; {@code pvKw} describes the
 * installation. Immutable.
 *
 * @param id the identifier, 1 to 32 characters from {@code A-Z a-z 0-9 _ . -}
 * @param pvKw the PV's rated power, kW, in {@code [0, 1000]}
 * @param hasBattery true when the home has a battery (prosumers built from it get one)
 */
public record Home(String id, double pvKw, boolean hasBattery) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    /**
     * Creates the record, checking its values.
     *
     * @param id the identifier, 1 to 32 characters from {@code A-Z a-z 0-9 _ . -}
     * @param pvKw the PV's rated power, kW, in {@code [0, 1000]}
     * @param hasBattery true when the home has a battery
     * @throws IllegalArgumentException if the id or the power is invalid
     */
    public Home {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("home: must be 1 to 32 characters from A-Z a-z 0-9 _ . -, was '"
                    + id + "'");
        }
        if (!(pvKw >= 0 && pvKw <= 1000)) {
            throw new IllegalArgumentException("pv_kw: must be in [0, 1000], was " + pvKw);
        }
    }
}
