/**
 * Implementation details of tem-consensus shared by its engines: the seal signature format and a
 * bounded cache. Not API: nothing here appears in a public signature of another package.
 */
package org.tem.consensus.internal;
