package io.sigillum.signer.testing;

import io.sigillum.signer.token.pkcs11.Pkcs11Config;
import io.sigillum.signer.token.pkcs11.Pkcs11Token;
import io.sigillum.testsupport.SoftHsm2;

/** The SoftHSM2 token of this test JVM ({@link SoftHsm2}), initialised once and opened as a {@link Pkcs11Token}. */
public final class SoftHsm {

    public static final String LABEL = "sigillum-test";
    public static final String PIN = "1234";

    private static Pkcs11Token token;

    private SoftHsm() {
    }

    /** The shared token of this JVM, opened by label. Never closed: logging out would break every other user. */
    public static synchronized Pkcs11Token token() {
        if (token == null) {
            SoftHsm2.initialiseToken(LABEL, PIN);
            token = Pkcs11Token.open(Pkcs11Config.byTokenLabel(SoftHsm2.LIBRARY, LABEL, PIN.toCharArray()));
        }
        return token;
    }
}
