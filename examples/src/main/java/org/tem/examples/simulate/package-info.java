/**
 * {@code tem simulate}: the paper's experiment, day by day, with the reports a person reads.
 *
 * <p>{@link org.tem.examples.simulate.Simulation} is the day loop: for each day of a
 * {@link org.tem.examples.simulate.DaySource} (the embedded real data, a data directory, or the synthetic
 * generator) it builds the day's VPP with every battery starting from the energy it ended the day before,
 * runs one coordination round through a {@link org.tem.examples.simulate.DayCoordinator}, and computes two
 * baselines on the same VPP: every prosumer alone without P2P trading, and the central optimum.
 *
 * <p>{@link org.tem.examples.simulate.DayCoordinator} is the seam for coordination methods. The in-process
 * methods ({@code central}, {@code admm}) are {@link org.tem.examples.simulate.InProcessCoordinator}; the
 * {@code ledger} method runs on a proof-of-authority network, simulated in memory ({@link
 * org.tem.examples.simulate.LedgerCoordinator}) or of real nodes over TCP loopback ({@link
 * org.tem.examples.simulate.TcpLedgerCoordinator}), and returns, beside the schedules, {@link
 * org.tem.examples.simulate.LedgerFigures} (transactions, blocks, confirmation delays and their clock,
 * settlement), which the summaries and the report then show.
 *
 * <p>The outputs (per-day result files, {@code schedules.csv}, {@code trades.csv}, {@code summary.json},
 * {@code summary.md}, four PNG charts and a self-contained {@code report.html}) are written atomically, the
 * data files after every day, so a run stopped with Ctrl-C leaves complete outputs for its finished days.
 */
package org.tem.examples.simulate;
