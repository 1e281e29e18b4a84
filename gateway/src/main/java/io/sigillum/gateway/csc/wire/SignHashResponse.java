package io.sigillum.gateway.csc.wire;

import java.util.List;

/** The answer of {@code signHash}: one Base64 signature value per hash, in the order of the request. */
public record SignHashResponse(List<String> signatures) {
}
