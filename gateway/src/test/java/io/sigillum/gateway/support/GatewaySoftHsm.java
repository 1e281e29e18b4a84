package io.sigillum.gateway.support;

import io.sigillum.testsupport.SoftHsm2;
import java.util.Map;

/**
 * The SoftHSM2 token of this test JVM for gateways on PKCS#11: initialised by the first test that asks (SoftHSM2 reads
 * its token directory once per process, so a second initialisation would not be seen), then shared by every later one.
 */
public final class GatewaySoftHsm {

    public static final String LABEL = "gateway-test";
    public static final String PIN = "1234";

    private static boolean initialised;

    private GatewaySoftHsm() {
    }

    /** The properties that start a gateway on the shared token. */
    public static synchronized Map<String, String> gatewayProperties() {
        if (!initialised) {
            SoftHsm2.initialiseToken(LABEL, PIN);
            initialised = true;
        }
        return Map.of("sigillum.signing.token", "pkcs11",
                "sigillum.signing.pkcs11-library", SoftHsm2.LIBRARY.toString(),
                "sigillum.signing.pkcs11-token-label", LABEL,
                "sigillum.signing.pkcs11-pin", PIN);
    }
}
