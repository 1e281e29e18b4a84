/** The CSC API v2 surface: info, credentials, authorization and signHash, with CSC error JSON. */
@NullMarked
package io.sigillum.gateway.csc;

import org.jspecify.annotations.NullMarked;
