/**
 * {@code tem-bench}, the macro benchmark harness ({@code benchmarks/target/tem-bench.jar}): confirmation and
 * finality delay, throughput against the signature-check bound, node footprint, and ADMM rounds on a
 * proof-of-authority network, each writing a CSV, a PNG chart and Markdown table rows.
 */
package org.tem.benchmarks.harness;
