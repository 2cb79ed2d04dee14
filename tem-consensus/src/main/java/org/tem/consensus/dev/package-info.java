/**
 * The single-validator consensus of a dev chain ({@link org.tem.consensus.dev.DevConsensus}):
 * one signer, every block final once sealed. For tools, tests and single-node deployments.
 */
package org.tem.consensus.dev;
