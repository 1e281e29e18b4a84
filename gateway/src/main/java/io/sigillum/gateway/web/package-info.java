/** The HTTP edge: error mapping (CSC JSON on /csc/v2, problem+json elsewhere) and request limits. */
@NullMarked
package io.sigillum.gateway.web;

import org.jspecify.annotations.NullMarked;
