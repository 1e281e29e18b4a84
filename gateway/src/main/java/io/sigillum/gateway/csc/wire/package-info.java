/**
 * The CSC API's messages as types: every request is parsed once, at the edge, into a record of checked values (the
 * CSC error texts for whatever is missing or malformed come from here), and every answer is a record that Jackson
 * writes. Handlers and services see no JSON.
 */
@NullMarked
package io.sigillum.gateway.csc.wire;

import org.jspecify.annotations.NullMarked;
