/** The audit chain: group-committed, hash-linked records of every authorize and signHash. */
@NullMarked
package io.sigillum.gateway.audit;

import org.jspecify.annotations.NullMarked;
