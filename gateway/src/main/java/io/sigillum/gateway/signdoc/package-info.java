/**
 * CSC {@code signatures/signDoc}: PAdES, CAdES, XAdES and JAdES (baseline B and T) built by EU DSS around a signature
 * value from the signing pool, through the same authorization, signing and audit pipeline as signHash. DSS blocks, so
 * it runs on a bounded scheduler of its own, behind limits on document size, documents per call and concurrent work.
 */
@NullMarked
package io.sigillum.gateway.signdoc;

import org.jspecify.annotations.NullMarked;
