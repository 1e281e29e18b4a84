package io.sigillum.gateway.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;

class ProductionSecretsCheckTests {

    @Test
    void prodWithTheDevDefaultsNamesEveryMissingSecret() {
        assertThatThrownBy(() -> check(prod()))
                .isInstanceOf(StartupFailure.class)
                .hasMessage("The prod profile needs real secrets; set SIGILLUM_OAUTH2_KEY_ENCRYPTION_SECRET, SIGILLUM_OTP_HMAC_SECRET, "
                        + "SIGILLUM_SIGNING_KEYSTORE_PASSWORD, "
                        + "SIGILLUM_VERIFICATION_IDENTITY_WEBHOOK_SECRET, SIGILLUM_VERIFICATION_PAYMENT_WEBHOOK_SECRET");
    }

    @Test
    void aSecretSetToItsDevDefaultCountsAsUnset() {
        MockEnvironment environment = withRealSecrets(prod()).withProperty("sigillum.otp.hmac-secret", DevSecrets.OTP_HMAC_SECRET);
        assertThatThrownBy(() -> check(environment)).hasMessageEndingWith("set SIGILLUM_OTP_HMAC_SECRET");
    }

    @Test
    void aShortSecretIsRefusedToo() {
        MockEnvironment environment = withRealSecrets(prod()).withProperty("sigillum.otp.hmac-secret", "x")
                .withProperty("sigillum.oauth2.key-encryption-secret", "fifteen chars..");
        assertThatThrownBy(() -> check(environment)).isInstanceOf(StartupFailure.class).hasMessage("The prod profile needs "
                + "secrets of at least 16 characters; SIGILLUM_OAUTH2_KEY_ENCRYPTION_SECRET, SIGILLUM_OTP_HMAC_SECRET are shorter");
    }

    @Test
    void anHsmNeedsNoKeystorePassword() {
        MockEnvironment environment = withRealSecrets(prod()).withProperty("sigillum.signing.token", "pkcs11");
        environment.setProperty("sigillum.signing.keystore-password", DevSecrets.KEYSTORE_PASSWORD);
        assertThatCode(() -> check(environment)).doesNotThrowAnyException();
    }

    @Test
    void outsideProdTheDevDefaultsAreFine() {
        assertThatCode(() -> check(new MockEnvironment())).doesNotThrowAnyException();
    }

    private static MockEnvironment prod() {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles("prod");
        return environment;
    }

    private static MockEnvironment withRealSecrets(MockEnvironment environment) {
        DevSecrets.BY_PROPERTY.keySet().forEach(property -> environment.setProperty(property, "real " + property));
        return environment;
    }

    private static void check(MockEnvironment environment) {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.setEnvironment(environment);
            new ProductionSecretsCheck().initialize(context);
        }
    }
}
