/**
 * The meter and operator side of tem on its own ledger: the glue between a {@link
 * org.tem.consensus.node.TemNode} and the typed coordination of tem-solver ({@link
 * org.tem.examples.meter.NodeChannel}), and two example programs built on it — a prosumer's meter
 * that embeds a node and holds only its own prosumer ({@link org.tem.examples.meter.MeterApp},
 * {@code tem meter}) and a VPP operator's console that permits, registers, opens a round, watches
 * it and prints the settlement ({@link org.tem.examples.meter.OperatorConsole}, {@code tem
 * operator}), with their configuration files ({@link org.tem.examples.meter.MeterConfig}, {@link
 * org.tem.examples.meter.OperatorConfig}) and the development files {@code tem node --init
 * --scenario} writes ({@link org.tem.examples.meter.DevApps}).
 */
package org.tem.examples.meter;
