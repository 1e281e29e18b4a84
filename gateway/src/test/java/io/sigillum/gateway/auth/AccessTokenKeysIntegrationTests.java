package io.sigillum.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.sigillum.gateway.support.IntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/** The keys that sign access tokens are kept encrypted in PostgreSQL: a copy of the database signs no token. */
class AccessTokenKeysIntegrationTests extends IntegrationTest {

    @Autowired
    AccessTokenKeys keys;
    @Autowired
    DatabaseClient db;
    @Autowired
    TransactionalOperator transactions;
    @Autowired
    OAuth2Properties properties;

    @Test
    void noPrivateKeyIsStoredInClearAndAKeyStoredBeforeEncryptionIsEncryptedWhereItLies() throws Exception {
        ECKey legacy = new ECKeyGenerator(Curve.P_256).keyID("legacy-" + UUID.randomUUID()).generate();
        db.sql("INSERT INTO oauth_signing_key (kid, jwk, active) VALUES (:kid, :jwk, false)")
                .bind("kid", legacy.getKeyID()).bind("jwk", legacy.toJSONString()).then().block();

        keys.reload().block();

        List<String> stored = db.sql("SELECT jwk FROM oauth_signing_key").map(row -> row.get("jwk", String.class)).all()
                .collectList().block();
        assertThat(stored).isNotEmpty().allSatisfy(jwk -> assertThat(jwk).startsWith(KeyEncryption.PREFIX)
                .doesNotContain(legacy.getD().toString()).doesNotContain("\"d\""));
        // still the same key: it verifies what it signed
        assertThat(keys.verificationKey(legacy.getKeyID()).block()).hasValueSatisfying(key -> assertThat(key.getD())
                .isEqualTo(legacy.getD()));
        assertThat(keys.publicKeys().getKeyByKeyId(legacy.getKeyID()).isPrivate()).isFalse();
        db.sql("DELETE FROM oauth_signing_key WHERE kid = :kid").bind("kid", legacy.getKeyID()).then().then(keys.reload()).block();
    }

    @Test
    void aKeyStoredUnderAnotherSecretFailsAStrictLoadAndIsAnUnknownKeyToARequest() throws Exception {
        ECKey foreign = new ECKeyGenerator(Curve.P_256).keyID("foreign-" + UUID.randomUUID()).generate();
        db.sql("INSERT INTO oauth_signing_key (kid, jwk, active) VALUES (:kid, :jwk, false)").bind("kid", foreign.getKeyID())
                .bind("jwk", new KeyEncryption("another instance's secret").encrypt(foreign.getKeyID(), foreign.toJSONString()))
                .then().block();
        try {
            assertThatThrownBy(() -> keys.reload().block()).hasMessageContaining("does not decrypt");
            assertThat(keys.verificationKey(foreign.getKeyID()).block()).isEmpty();
        } finally {
            db.sql("DELETE FROM oauth_signing_key WHERE kid = :kid").bind("kid", foreign.getKeyID()).then().then(keys.reload()).block();
        }
    }

    @Test
    void anotherSecretOpensNoStoredKeyAndTheGatewayDoesNotStart() {
        OAuth2Properties other = new OAuth2Properties(properties.tokenLifetime(), properties.verifiedTokenCacheSize(),
                properties.verifiedTokenCacheTtl(), properties.codeLifetime(), properties.pushedRequestLifetime(),
                properties.authorizationLifetime(), properties.refreshTokenLifetime(), properties.refreshTokenMaxLifetime(),
                properties.clientFailuresAllowed(),
                properties.clientFailureWindow(), "another secret than the keys were stored under");

        assertThatThrownBy(() -> new AccessTokenKeys(db, transactions, other).afterPropertiesSet())
                .hasMessageContaining("does not decrypt").hasMessageContaining("SIGILLUM_OAUTH2_KEY_ENCRYPTION_SECRET");
    }
}
