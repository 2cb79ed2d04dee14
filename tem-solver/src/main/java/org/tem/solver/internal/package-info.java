/** Implementation detail of tem-solver (the QP assembler, prosumer scopes, pool allocation); not API. */
package org.tem.solver.internal;
