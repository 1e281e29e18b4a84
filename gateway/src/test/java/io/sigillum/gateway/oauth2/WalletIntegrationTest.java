package io.sigillum.gateway.oauth2;

import io.sigillum.gateway.auth.PlatformClient;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.support.PlatformIntegrationTest;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/** A test of the code flow: a wallet (an oauth2code platform) and a holder's credential linked to it. */
abstract class WalletIntegrationTest extends PlatformIntegrationTest {

    /** The wallet's registered redirect URI; a loopback one, so any port of it is registered too. */
    static final String REGISTERED = "http://127.0.0.1/callback";

    protected PlatformClient wallet;
    protected Credential credential;

    @BeforeEach
    void aWalletAndAHolder() {
        wallet = fixtures.wallet(List.of(REGISTERED));
        credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        fixtures.link(credential, wallet);
    }
}
