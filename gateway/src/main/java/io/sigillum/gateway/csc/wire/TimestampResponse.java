package io.sigillum.gateway.csc.wire;

/** The answer of {@code signatures/timestamp}: the RFC 3161 token (DER {@code ContentInfo}), Base64. */
public record TimestampResponse(String timestamp) {
}
