/**
 * The built-in RFC 3161 timestamp authority: its unit's key in the token and certificate from the built-in CA, served
 * at {@code POST /tsa} and as CSC {@code signatures/timestamp}, and used in-process by signDoc for level B-T (or an
 * external TSA when {@code sigillum.tsa.url} is set).
 */
@NullMarked
package io.sigillum.gateway.tsa;

import org.jspecify.annotations.NullMarked;
