package io.sigillum.gateway.csc.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer of {@code authorize} and {@code extendTransaction}: the SAD and its lifetime in seconds. */
public record SadResponse(@JsonProperty("SAD") String sad, long expiresIn) {

    @Override
    public String toString() {
        return "SadResponse[***, " + expiresIn + "]";
    }
}
