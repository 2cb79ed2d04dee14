/**
 * Implementation detail of the ledger (storage layout, staged state, the executor). Not API:
 * may change without notice and never appears in a public signature.
 */
package org.tem.ledger.internal;
