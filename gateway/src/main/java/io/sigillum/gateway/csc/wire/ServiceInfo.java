package io.sigillum.gateway.csc.wire;

import java.util.List;

/** The answer of {@code info}: what this remote signing service is and which methods and algorithms it offers. */
public record ServiceInfo(String specs, String name, String logo, String region, String lang, String description,
        List<String> authType, String oauth2, List<String> methods, SignAlgorithms signAlgorithms) {

    /** The signature algorithms offered, by OID. */
    public record SignAlgorithms(List<String> algos) {
    }
}
