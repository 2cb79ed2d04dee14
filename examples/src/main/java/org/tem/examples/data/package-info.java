/**
 * Real data for simulations: hourly load and rooftop PV of 13 homes and a wind profile, embedded in
 * tem ({@link org.tem.examples.data.CommunityData#embedded()}) or read from a directory in the same
 * tidy CSV format ({@link org.tem.examples.data.CommunityData#read(java.nio.file.Path)}), split into
 * days of 24 hourly slots ({@link org.tem.examples.data.DayData}); the documented rules that turn a
 * day into prosumers ({@link org.tem.examples.data.CommunityVpp}) with their parameters and a strict
 * JSON parameters file ({@link org.tem.examples.data.CommunityParams}); and the program that derives
 * the embedded copy from its sources ({@link org.tem.examples.data.DeriveCityLearn}). Sources,
 * licences and every rule are described in {@code docs/data.md}.
 */
package org.tem.examples.data;
