/**
 * The meter and operator side of tem on its own ledger: the glue between a {@link
 * org.tem.consensus.node.TemNode} and the typed coordination of tem-solver ({@link
 * org.tem.examples.meter.NodeChannel}).
 */
package org.tem.examples.meter;
