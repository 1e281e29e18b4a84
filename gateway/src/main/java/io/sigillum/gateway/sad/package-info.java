/** Signature activation data (SCAL2): issued by authorize, consumed atomically by signHash (Redis). */
@NullMarked
package io.sigillum.gateway.sad;

import org.jspecify.annotations.NullMarked;
