package io.sigillum.gateway.devdata;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.auth.AuthMode;
import io.sigillum.gateway.auth.PlatformClientRepository;
import io.sigillum.gateway.ca.CaLocations;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.credential.CredentialRepository;
import io.sigillum.gateway.credential.CredentialStatus;
import io.sigillum.gateway.secret.SecretHasher;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.ca.CertificateAuthority;
import io.sigillum.signer.ca.CertificateLocations;
import io.sigillum.signer.ca.NaturalPersonProfile;
import io.sigillum.signer.pool.ReactiveSigner;
import io.sigillum.signer.token.KeyInfo;
import io.sigillum.signer.token.KeyRef;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * On first start of a development gateway: a platform {@code demo-platform} / {@code demo-secret}, and a user
 * {@code demo-user} linked to it with one ACTIVE EC P-256 credential certified by the built-in CA, PIN {@code 12345678},
 * phone {@code +48600000000}; a platform {@code demo-wallet} / {@code demo-wallet-secret} in oauth2code mode (redirect URI
 * {@code http://127.0.0.1/callback}, any port) linked to the same credential, and the account
 * {@code demo-user@demo.local} / {@code demo-user-pass} with which {@code demo-user} signs in on the authorization page.
 * The values are printed because they are public demo values, not secrets.
 */
@Component
@DevData
class DemoDataBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoDataBootstrap.class);
    private static final long LOCK = 0x5161_0002L;

    private final DevDataProperties properties;
    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final PlatformClientRepository platforms;
    private final CredentialRepository credentials;
    private final SecretHasher hasher;
    private final ReactiveSigner signer;
    private final CertificateAuthority ca;
    private final AccountService accounts;
    private final CaLocations locations;

    DemoDataBootstrap(DevDataProperties properties, DatabaseClient db, TransactionalOperator transactions,
            PlatformClientRepository platforms, CredentialRepository credentials, SecretHasher hasher, ReactiveSigner signer,
            CertificateAuthority ca, AccountService accounts, CaLocations locations) {
        this.accounts = accounts;
        this.locations = locations;
        this.properties = properties;
        this.db = db;
        this.transactions = transactions;
        this.platforms = platforms;
        this.credentials = credentials;
        this.hasher = hasher;
        this.signer = signer;
        this.ca = ca;
    }

    @Override
    public void run(ApplicationArguments args) {
        // start-up only: the gateway is not serving yet
        String credentialId = transactions.transactional(db.sql("SELECT pg_advisory_xact_lock(" + LOCK + ")").then()
                        .then(ensurePlatform())
                        .flatMap(this::ensureCredential)
                        .flatMap(id -> ensureWallet().flatMap(wallet -> credentials.link(id, wallet))
                                .then(accounts.ensureSigner(DevDataProperties.USER_EMAIL, DevDataProperties.USER_PASSWORD,
                                        DevDataProperties.USER))
                                .thenReturn(id)))
                .block(Duration.ofSeconds(60));
        log.info("Demo data: platform client_id={} client_secret={} (explicit mode); user {} with credential {} (PIN {}, "
                        + "phone {}); one-time codes appear in the dev outbox", DevDataProperties.PLATFORM,
                DevDataProperties.PLATFORM_SECRET, DevDataProperties.USER, credentialId, DevDataProperties.PIN, DevDataProperties.PHONE);
        log.info("Demo data: platform client_id={} client_secret={} (OAuth2 code flow, redirect URI {} on any port); {} signs in "
                        + "on the authorization page as {} / {}", DevDataProperties.WALLET, DevDataProperties.WALLET_SECRET,
                DevDataProperties.WALLET_REDIRECT, DevDataProperties.USER, DevDataProperties.USER_EMAIL, DevDataProperties.USER_PASSWORD);
    }

    private Mono<UUID> ensurePlatform() {
        return platforms.findByClientId(DevDataProperties.PLATFORM).map(p -> p.id())
                .switchIfEmpty(hasher.hash(DevDataProperties.PLATFORM_SECRET)
                        .flatMap(hash -> platforms.insert(DevDataProperties.PLATFORM, "Demo signing platform", hash, Set.of("service")))
                        .map(p -> p.id()));
    }

    private Mono<UUID> ensureWallet() {
        return platforms.findByClientId(DevDataProperties.WALLET).map(p -> p.id())
                .switchIfEmpty(hasher.hash(DevDataProperties.WALLET_SECRET)
                        .flatMap(hash -> platforms.insert(DevDataProperties.WALLET, "Demo signing wallet", hash, Set.of("service"),
                                AuthMode.OAUTH2CODE, List.of(DevDataProperties.WALLET_REDIRECT)))
                        .map(p -> p.id()));
    }

    private Mono<String> ensureCredential(UUID platformId) {
        return credentials.findByUserForPlatform(DevDataProperties.USER, platformId).next().map(Credential::id)
                .switchIfEmpty(Mono.defer(() -> createCredential(platformId)));
    }

    private Mono<String> createCredential(UUID platformId) {
        String id = UUID.randomUUID().toString();
        KeyRef key = new KeyRef("cred-" + id);
        return signer.generateKey(key, KeyAlgorithm.EC_P256)
                .flatMap(info -> certify(info).flatMap(chain -> signer.storeCertificateChain(key, chain).thenReturn(chain)))
                .zipWith(hasher.hash(DevDataProperties.PIN))
                .flatMap(certAndPin -> credentials.insert(new Credential(id, DevDataProperties.USER, key, KeyAlgorithm.EC_P256,
                        CredentialStatus.ACTIVE, DevDataProperties.PHONE, Optional.of(certAndPin.getT2()), 0, properties.multisign(),
                        "Demo qualified signature (test CA)", certAndPin.getT1())))
                .then(credentials.link(id, platformId))
                .thenReturn(id);
    }

    private Mono<List<X509Certificate>> certify(KeyInfo key) {
        return Mono.fromCallable(() -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            CertificateLocations where = locations.now();
            X509Certificate ee = ca.issueNaturalPerson(key.publicKey(), NaturalPersonProfile.of("PL", "Jan", "Demo",
                    "PNOPL-84042003432", now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(365)),
                    "https://sigillum.example/pds/pds_en.pdf").withLocations(where.ocspUrl(), where.caIssuersUrl(), where.crlUrl()));
            List<X509Certificate> chain = new ArrayList<>(List.of(ee));
            chain.addAll(ca.chain());
            return List.copyOf(chain);
        }).subscribeOn(Schedulers.boundedElastic()); // issuing waits for the CA key's signature on the pool
    }
}
