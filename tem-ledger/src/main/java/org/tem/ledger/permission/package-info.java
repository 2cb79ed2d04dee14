/**
 * Who may use the chain: the {@link org.tem.ledger.permission.Permissions} system contract, the
 * allow-list of accounts that may send transactions (with each account's public key) and the
 * allow-list of node keys that may connect to the network, kept in the world state and changed
 * only by the operator named in the genesis.
 */
package org.tem.ledger.permission;
