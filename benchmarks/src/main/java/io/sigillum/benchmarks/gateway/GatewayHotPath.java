package io.sigillum.benchmarks.gateway;

import io.sigillum.gateway.GatewayApplication;
import io.sigillum.gateway.audit.AuditEntry;
import io.sigillum.gateway.audit.AuditLog;
import io.sigillum.gateway.auth.AccessTokens;
import io.sigillum.gateway.auth.PlatformClient;
import io.sigillum.gateway.auth.PlatformClientRepository;
import io.sigillum.gateway.auth.PlatformPrincipal;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.credential.CredentialRepository;
import io.sigillum.gateway.csc.CscProperties;
import io.sigillum.gateway.csc.HashSigningAccess;
import io.sigillum.gateway.csc.wire.CscRequest;
import io.sigillum.gateway.csc.wire.SignHashRequest;
import io.sigillum.gateway.csc.wire.SignHashResponse;
import io.sigillum.gateway.devdata.DevDataProperties;
import io.sigillum.gateway.sad.IssuedSad;
import io.sigillum.gateway.sad.SadGrant;
import io.sigillum.gateway.sad.SadStore;
import io.sigillum.signer.pool.ReactiveSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * A gateway's Spring context, called without HTTP, on a real PostgreSQL and Redis, with what one signHash request needs made
 * ready: the demo platform's access token and principal, the demo user's credential (EC P-256 on the software token),
 * one SAD over 1 hash and one over 100 hashes (each good for a billion signatures), and both request bodies as bytes.
 * Every stage of {@link HotPathBenchmark} goes through the public entry point the controller or filter uses.
 *
 * <p>System properties: {@code hotpath.r2dbc.url} (r2dbc:postgresql://127.0.0.1:5432/sigillum_h2),
 * {@code hotpath.r2dbc.username} / {@code hotpath.r2dbc.password} (sigillum), {@code hotpath.redis.url}
 * (redis://127.0.0.1:6379/9), {@code hotpath.reset-database} (true: the database's {@code public} schema is dropped and
 * migrated afresh, so the demo credential's key is in this run's software token — point it only at a scratch database).
 */
final class GatewayHotPath implements AutoCloseable {

    static final String SHA256_OID = "2.16.840.1.101.3.4.2.1";
    static final String ECDSA_SHA256_OID = "1.2.840.10045.4.3.2";
    private static final Duration WAIT = Duration.ofSeconds(30);

    final ConfigurableApplicationContext context;
    final JsonMapper json;
    final AccessTokens tokens;
    final SadStore sads;
    final AuditLog audit;
    final ReactiveSigner signer;
    final HashSigningAccess hashSigning;
    final int maxHashes;
    final String accessToken;
    final PlatformPrincipal platform;
    final Credential credential;
    final Batch one;
    final Batch hundred;

    /** One request size: its body, the request parsed from it, its SAD id, and a response of the right size. */
    record Batch(byte[] body, SignHashRequest request, String sadId, SignHashResponse response) {
    }

    private GatewayHotPath(ConfigurableApplicationContext context) {
        this.context = context;
        json = context.getBean(JsonMapper.class);
        tokens = context.getBean(AccessTokens.class);
        sads = context.getBean(SadStore.class);
        audit = context.getBean(AuditLog.class);
        signer = context.getBean(ReactiveSigner.class);
        hashSigning = new HashSigningAccess(context);
        maxHashes = context.getBean(CscProperties.class).maxHashes();
        PlatformClient client = context.getBean(PlatformClientRepository.class).findByClientId(DevDataProperties.PLATFORM)
                .blockOptional(WAIT).orElseThrow(() -> new IllegalStateException("no demo platform: is dev data off?"));
        accessToken = tokens.issue(client, Set.of(AccessTokens.SERVICE_SCOPE)).value();
        platform = tokens.verify(accessToken).block(WAIT);
        credential = context.getBean(CredentialRepository.class).findByUserForPlatform("demo-user", client.id())
                .blockFirst(WAIT);
        one = batch(1);
        hundred = batch(100);
    }

    /** Starts the context (resetting the database first unless told not to) and prepares the requests. */
    static GatewayHotPath start() {
        String r2dbc = System.getProperty("hotpath.r2dbc.url", "r2dbc:postgresql://127.0.0.1:5432/sigillum_h2");
        String user = System.getProperty("hotpath.r2dbc.username", "sigillum");
        String password = System.getProperty("hotpath.r2dbc.password", "sigillum");
        if (Boolean.parseBoolean(System.getProperty("hotpath.reset-database", "true"))) {
            resetDatabase(r2dbc.replaceFirst("^r2dbc:", "jdbc:"), user, password);
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("sigillum-hotpath");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(GatewayApplication.class)
                // a web application, because gateway beans need the web server's properties; its port (random, on
                // loopback) gets no request: every stage is called in-process
                .web(WebApplicationType.REACTIVE)
                .run("--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off", "--logging.level.root=warn",
                        "--spring.r2dbc.url=" + r2dbc, "--spring.r2dbc.username=" + user, "--spring.r2dbc.password=" + password,
                        "--spring.data.redis.url=" + System.getProperty("hotpath.redis.url", "redis://127.0.0.1:6379/9"),
                        "--sigillum.signing.software-keystore=" + dir.resolve("token/keys.p12"),
                        "--sigillum.messaging.outbox-file=" + dir.resolve("outbox/sms.jsonl"),
                        "--sigillum.dev-data.enabled=true", "--sigillum.dev-data.multisign=1000000000",
                        "--sigillum.sad.ttl=6h",
                        // only the demo PIN is hashed, once, at start-up
                        "--sigillum.secret-hashing.argon2-memory-kib=1024", "--sigillum.secret-hashing.argon2-iterations=1");
        try {
            GatewayHotPath path = new GatewayHotPath(context);
            path.checkSignatures();
            return path;
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** Request bytes → the request, exactly as {@code SignHashHandler.handle} reads its body. */
    SignHashRequest parse(byte[] body) {
        return SignHashRequest.read(new CscRequest(json.readTree(body)), maxHashes);
    }

    /** The response → the bytes on the wire, with the application's JSON mapper. */
    byte[] serialize(SignHashResponse response) {
        return json.writeValueAsBytes(response);
    }

    /** One request's audit record, as the pipeline writes it after signing. */
    AuditEntry auditEntry(Batch batch) {
        SignHashRequest request = batch.request();
        return new AuditEntry("signHash", platform.clientId(), credential.id(), credential.userId(), batch.sadId(),
                request.scheme().algorithm().oid() + "/" + request.scheme().digest().oid(), request.hashes().canonical(), "OK");
    }

    private Batch batch(int size) {
        List<String> hashes = new ArrayList<>();
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < size; i++) {
                hashes.add(Base64.getEncoder().encodeToString(sha256.digest(("document " + i).getBytes(StandardCharsets.UTF_8))));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        IssuedSad sad = sads.create(new SadGrant(platform.platformId(), credential.id(), SHA256_OID, 1_000_000_000, hashes))
                .block(WAIT);
        byte[] body = ("{\"credentialID\":\"" + credential.id() + "\",\"SAD\":\"" + sad.value() + "\",\"hashes\":[\""
                + String.join("\",\"", hashes) + "\"],\"hashAlgorithmOID\":\"" + SHA256_OID + "\",\"signAlgo\":\""
                + ECDSA_SHA256_OID + "\"}").getBytes(StandardCharsets.UTF_8);
        SignHashRequest request = parse(body);
        List<byte[]> signatures = hashSigning.sign(platform, request).block(WAIT);
        return new Batch(body, request, sad.id(), new SignHashResponse(signatures));
    }

    /** Every signature the set-up got from the pipeline verifies with the credential's certificate. */
    private void checkSignatures() {
        X509Certificate certificate = credential.certificate().orElseThrow();
        for (Batch batch : List.of(one, hundred)) {
            for (int i = 0; i < batch.request().hashes().size(); i++) {
                try {
                    Signature verifier = Signature.getInstance("NONEwithECDSA");
                    verifier.initVerify(certificate.getPublicKey());
                    verifier.update(batch.request().hashes().digests().get(i));
                    if (!verifier.verify(batch.response().signatures().get(i))) {
                        throw new IllegalStateException("signature " + i + " does not verify");
                    }
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static void resetDatabase(String jdbcUrl, String user, String password) {
        if (jdbcUrl.contains("sigillum_ci")) {
            throw new IllegalArgumentException("refusing to reset " + jdbcUrl);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS public CASCADE");
            statement.execute("CREATE SCHEMA public");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not reset " + jdbcUrl, e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
