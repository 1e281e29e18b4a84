package io.sigillum.gateway.devdata;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.auth.AuthMode;
import io.sigillum.gateway.auth.PlatformClientRepository;
import io.sigillum.gateway.ca.CaLocations;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.credential.CredentialRepository;
import io.sigillum.gateway.credential.CredentialStatus;
import io.sigillum.gateway.secret.Randomness;
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
import java.util.Locale;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * On first start of a development gateway: a platform {@code demo-platform} / {@code demo-secret}, and a user
 * {@code demo-user} linked to it with one ACTIVE EC P-256 credential certified by the built-in CA, PIN {@code 12345678},
 * phone {@code +48600000000}; a platform {@code demo-wallet} / {@code demo-wallet-secret} in oauth2code mode (redirect URI
 * {@code http://127.0.0.1/callback}, any port) linked to the same credential, and the account
 * {@code demo-user@demo.local} / {@code demo-user-pass} with which {@code demo-user} signs in on the authorization page.
 * With {@code load-users} N, also N users {@code load-user-1} … made the same way, for load tests (see
 * {@link DevDataProperties#loadUsers()}). The values are printed because they are public demo values, not secrets.
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
        List<Holder> holders = new ArrayList<>(List.of(new Holder(DevDataProperties.USER, DevDataProperties.PHONE,
                DevDataProperties.USER_EMAIL)));
        for (int n = 1; n <= properties.loadUsers(); n++) {
            holders.add(new Holder(DevDataProperties.loadUser(n), DevDataProperties.loadUserPhone(n),
                    DevDataProperties.loadUser(n) + "@demo.local"));
        }
        // start-up only: the gateway is not serving yet; a credential takes a key, a certificate and a few rows. The
        // transaction's statements run one after another: they share its one connection, and two at once (from two
        // hashing threads) break the driver's prepared-statement cache ("prepared statement S_5 already exists")
        Mono<Shared> sharedByAll = Mono.zip(hasher.hash(DevDataProperties.PIN), hasher.hash(DevDataProperties.USER_PASSWORD))
                .flatMap(hashes -> ensurePlatform().zipWhen(platform -> ensureWallet())
                        .zipWhen(platforms -> accounts.ensureOrganisation(properties.organisation()))
                        .map(t -> new Shared(t.getT1().getT1(), t.getT1().getT2(), hashes.getT1(), hashes.getT2(), t.getT2())));
        List<String> credentialIds = transactions.transactional(db.sql("SELECT pg_advisory_xact_lock(" + LOCK + ")").then()
                        .then(sharedByAll)
                        .flatMapMany(shared -> Flux.fromIterable(holders).concatMap(holder -> ensureHolder(holder, shared)))
                        .collectList())
                .block(Duration.ofSeconds(60).plusMillis(200L * properties.loadUsers()));
        // no secret in the log, not even a demo one: the README's "Try it" names them
        log.info("Demo data: platform client_id={} (explicit mode); user {} with credential {} (phone {}); one-time codes "
                        + "appear in the dev outbox; the secret and PIN are in the README", DevDataProperties.PLATFORM,
                DevDataProperties.USER, credentialIds.getFirst(), DevDataProperties.PHONE);
        log.info("Demo data: platform client_id={} (OAuth2 code flow, redirect URI {} on any port); {} signs in on the "
                        + "authorization page as {}", DevDataProperties.WALLET, DevDataProperties.WALLET_REDIRECT,
                DevDataProperties.USER, DevDataProperties.USER_EMAIL);
        if (properties.loadUsers() > 0) {
            log.info("Load-test users: {}1 … {} with the same PIN and password, phones {} …, accounts <user>@demo.local",
                    DevDataProperties.LOAD_USER, DevDataProperties.loadUser(properties.loadUsers()), DevDataProperties.loadUserPhone(1));
        }
    }

    /** Who holds a development credential: the CSC userID, the phone its codes go to, the account that signs in. */
    private record Holder(String userId, String phone, String email) {
    }

    /** What every holder's credential shares: the two demo platforms, the PIN's and password's hashes, the issuer. */
    private record Shared(UUID platform, UUID wallet, String pinHash, String passwordHash, UUID organisation) {
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

    /**
     * The holder's credential (made on first start), usable by both demo platforms, as if issued from the demo
     * organisation's e-code (so its operators can unlock it after wrong PINs), and the holder's account.
     */
    private Mono<String> ensureHolder(Holder holder, Shared shared) {
        return credentials.findByUserForPlatform(holder.userId(), shared.platform()).next().map(Credential::id)
                .switchIfEmpty(Mono.defer(() -> createCredential(holder, shared)))
                .flatMap(id -> credentials.link(id, shared.wallet())
                        .then(credentials.assignOrganisation(id, shared.organisation()))
                        .then(accounts.ensureSignerWithHash(holder.email(), shared.passwordHash(), holder.userId()))
                        .thenReturn(id));
    }

    private Mono<String> createCredential(Holder holder, Shared shared) {
        String id = Randomness.uuid().toString();
        KeyRef key = new KeyRef("cred-" + id);
        return signer.generateKey(key, KeyAlgorithm.EC_P256)
                .flatMap(info -> certify(info).flatMap(chain -> signer.storeCertificateChain(key, chain).thenReturn(chain)))
                .flatMap(chain -> credentials.insert(new Credential(id, holder.userId(), key, KeyAlgorithm.EC_P256,
                        CredentialStatus.ACTIVE, holder.phone(), Optional.of(shared.pinHash()), 0, properties.multisign(),
                        "Demo qualified signature (test CA)", chain, Locale.of("pl"))))
                .then(credentials.link(id, shared.platform()))
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
