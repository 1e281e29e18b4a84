package io.sigillum.gateway.support;

import io.sigillum.gateway.auth.AuthMode;
import io.sigillum.gateway.auth.PlatformClient;
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
import java.security.SecureRandom;
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
import org.springframework.context.ApplicationContext;

/** Makes real platforms and credentials (keys in the token, certificates from the built-in CA) for tests. */
public final class SigningFixtures {

    public static final String PIN = "87654321";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PlatformClientRepository platforms;
    private final CredentialRepository credentials;
    private final SecretHasher hasher;
    private final ReactiveSigner signer;
    private final CertificateAuthority ca;
    private final CaLocations locations;

    public SigningFixtures(ApplicationContext context) {
        this.platforms = context.getBean(PlatformClientRepository.class);
        this.credentials = context.getBean(CredentialRepository.class);
        this.hasher = context.getBean(SecretHasher.class);
        this.signer = context.getBean(ReactiveSigner.class);
        this.ca = context.getBean(CertificateAuthority.class);
        this.locations = context.getBean(CaLocations.class);
    }

    /** A platform with a random client id; its secret is {@code secret-<clientId>}. */
    public PlatformClient platform() {
        String clientId = "platform-" + UUID.randomUUID();
        return platforms.insert(clientId, "Test platform", hasher.hashNow(secretOf(clientId)), Set.of("service")).block();
    }

    /** A platform in oauth2code mode with these registered redirect URIs; its secret is {@code secret-<clientId>}. */
    public PlatformClient wallet(List<String> redirectUris) {
        String clientId = "wallet-" + UUID.randomUUID();
        return platforms.insert(clientId, "Test wallet " + clientId.substring(7, 15), hasher.hashNow(secretOf(clientId)),
                Set.of("service"), AuthMode.OAUTH2CODE, redirectUris).block();
    }

    /** Lets another platform use a credential too. */
    public void link(Credential credential, PlatformClient platform) {
        credentials.link(credential.id(), platform.id()).block();
    }

    public static String secretOf(String clientId) {
        return "secret-" + clientId;
    }

    /** An ACTIVE credential for a new random user, linked to {@code platform}, with PIN {@link #PIN}. */
    public Credential credential(PlatformClient platform, KeyAlgorithm algorithm) {
        return credential(platform, algorithm, "user-" + UUID.randomUUID(), 1000);
    }

    /** As {@link #credential(PlatformClient, KeyAlgorithm)}, held by someone who chose {@code language} when applying. */
    public Credential credential(PlatformClient platform, KeyAlgorithm algorithm, Locale language) {
        return credential(platform, algorithm, "user-" + UUID.randomUUID(), 1000, language);
    }

    public Credential credential(PlatformClient platform, KeyAlgorithm algorithm, String userId, int multisign) {
        return credential(platform, algorithm, userId, multisign, Locale.of("pl"));
    }

    /** A credential whose certificate starts at {@code notBefore} (an applicant chose a later start): ACTIVE all the same. */
    public Credential credentialValidFrom(PlatformClient platform, Instant notBefore) {
        return credential(platform, KeyAlgorithm.EC_P256, "user-" + UUID.randomUUID(), 1000, Locale.of("pl"),
                notBefore.truncatedTo(ChronoUnit.SECONDS));
    }

    private Credential credential(PlatformClient platform, KeyAlgorithm algorithm, String userId, int multisign, Locale language) {
        return credential(platform, algorithm, userId, multisign, language,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(1)));
    }

    private Credential credential(PlatformClient platform, KeyAlgorithm algorithm, String userId, int multisign, Locale language,
            Instant notBefore) {
        String id = UUID.randomUUID().toString();
        KeyRef key = new KeyRef("cred-" + id);
        KeyInfo info = signer.generateKey(key, algorithm).block();
        List<X509Certificate> chain = chain(info, notBefore);
        signer.storeCertificateChain(key, chain).block();
        Credential credential = new Credential(id, userId, key, algorithm, CredentialStatus.ACTIVE, randomPhone(),
                Optional.of(hasher.hashNow(PIN)), 0, multisign, "Test credential", chain, language);
        credentials.insert(credential).then(credentials.link(id, platform.id())).block();
        return credential;
    }

    private List<X509Certificate> chain(KeyInfo info, Instant notBefore) {
        CertificateLocations where = locations.now();
        X509Certificate ee = ca.issueNaturalPerson(info.publicKey(), NaturalPersonProfile.of("PL", "Anna", "Testowa",
                "PNOPL-84042003432", notBefore, notBefore.plus(Duration.ofDays(30)), "https://sigillum.example/pds")
                .withLocations(where.ocspUrl(), where.caIssuersUrl(), where.crlUrl()));
        List<X509Certificate> chain = new ArrayList<>(List.of(ee));
        chain.addAll(ca.chain());
        return chain;
    }

    private static String randomPhone() {
        return "+4850" + String.format("%07d", RANDOM.nextInt(10_000_000));
    }
}
