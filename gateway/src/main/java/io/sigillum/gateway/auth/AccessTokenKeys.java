package io.sigillum.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.sigillum.gateway.secret.Randomness;
import java.text.ParseException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The EC keys that sign access tokens, shared by every gateway instance through PostgreSQL, encrypted there
 * ({@link KeyEncryption}): the newest active key signs, every stored key verifies (so keys can be rotated), and an unknown
 * {@code kid} triggers a bounded reload. A key stored in clear before encryption came is encrypted when it is loaded.
 */
@Component
class AccessTokenKeys implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(AccessTokenKeys.class);
    private static final long FIRST_KEY_LOCK = 0x5161_0001L;
    private static final Duration RELOAD_INTERVAL = Duration.ofSeconds(10);

    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final AtomicReference<Map<String, ECKey>> keys = new AtomicReference<>(Map.of());
    private final AtomicReference<Optional<ECKey>> current = new AtomicReference<>(Optional.empty());
    private final AtomicLong lastReloadNanos = new AtomicLong();
    private final KeyEncryption encryption;

    AccessTokenKeys(DatabaseClient db, TransactionalOperator transactions, OAuth2Properties properties) {
        this.db = db;
        this.transactions = transactions;
        this.encryption = new KeyEncryption(properties.keyEncryptionSecret());
    }

    @Override
    public void afterPropertiesSet() {
        // start-up only: make sure one signing key exists (one instance creates it, under an advisory lock)
        ensureSigningKey().then(reload()).block(Duration.ofSeconds(30));
    }

    ECKey signingKey() {
        return current.get().orElseThrow(() -> new IllegalStateException("No access-token signing key loaded"));
    }

    /** The verification key for a token's {@code kid}; reloads from PostgreSQL at most every few seconds on a miss. */
    Mono<Optional<ECKey>> verificationKey(String kid) {
        ECKey key = keys.get().get(kid);
        if (key != null) {
            return Mono.just(Optional.of(key));
        }
        long now = System.nanoTime();
        long last = lastReloadNanos.get();
        if (now - last < RELOAD_INTERVAL.toNanos() || !lastReloadNanos.compareAndSet(last, now)) {
            return Mono.just(Optional.empty());
        }
        return reload(false).then(Mono.fromSupplier(() -> Optional.ofNullable(keys.get().get(kid))));
    }

    JWKSet publicKeys() {
        return new JWKSet(keys.get().values().stream().map(ECKey::toPublicJWK).map(k -> (com.nimbusds.jose.jwk.JWK) k).toList());
    }

    /** Adds a new key that signs from now on; older keys keep verifying until removed. */
    Mono<Void> rotate() {
        return Mono.fromCallable(AccessTokenKeys::newKey).subscribeOn(Schedulers.boundedElastic())
                .flatMap(this::insertKey).then(reload());
    }

    private Mono<Void> ensureSigningKey() {
        ECKey candidate = newKey();
        Mono<Void> createIfMissing = db.sql("SELECT pg_advisory_xact_lock(" + FIRST_KEY_LOCK + ")").then()
                .then(db.sql("SELECT count(*) AS n FROM oauth_signing_key WHERE active").map(row -> row.get("n", Long.class)).one())
                .flatMap(count -> count != null && count > 0 ? Mono.<Void>empty() : insertKey(candidate));
        return transactions.transactional(createIfMissing);
    }

    private Mono<Void> insertKey(ECKey key) {
        return db.sql("INSERT INTO oauth_signing_key (kid, jwk, active) VALUES (:kid, :jwk, true)")
                .bind("kid", key.getKeyID()).bind("jwk", encryption.encrypt(key.getKeyID(), key.toJSONString())).then();
    }

    /** Loads every stored key, failing if one does not decrypt (at start-up and rotation; package-private for tests). */
    Mono<Void> reload() {
        return reload(true);
    }

    /**
     * Loads every stored key. A key that does not decrypt (stored by an instance with another secret) fails a strict
     * load; on a request's look-up of an unknown {@code kid} it is left out, and its tokens are refused as unknown.
     */
    private Mono<Void> reload(boolean strict) {
        return db.sql("SELECT kid, jwk, active, created_at FROM oauth_signing_key ORDER BY created_at")
                .map(row -> new Row(row.get("kid", String.class), row.get("jwk", String.class),
                        Boolean.TRUE.equals(row.get("active", Boolean.class)), row.get("created_at", java.time.OffsetDateTime.class)))
                .all()
                .concatMap(row -> KeyEncryption.isEncrypted(row.jwk()) ? decrypted(row, strict)
                        : encryptInPlace(row).thenReturn(row.stored(parse(row.jwk()))))
                .collectList()
                .doOnNext(this::install)
                .then();
    }

    private Mono<StoredKey> decrypted(Row row, boolean strict) {
        try {
            return Mono.just(row.stored(parse(encryption.decrypt(row.kid(), row.jwk()))));
        } catch (IllegalStateException undecryptable) {
            if (strict) {
                return Mono.error(undecryptable);
            }
            log.error(undecryptable.getMessage());
            return Mono.empty();
        }
    }

    /** A key stored in clear (before encryption came): encrypted where it lies, unless another instance did it first. */
    private Mono<Void> encryptInPlace(Row row) {
        return db.sql("UPDATE oauth_signing_key SET jwk = :encrypted WHERE kid = :kid AND jwk = :clear")
                .bind("encrypted", encryption.encrypt(row.kid(), row.jwk())).bind("kid", row.kid()).bind("clear", row.jwk())
                .then();
    }

    private record Row(String kid, String jwk, boolean active, java.time.OffsetDateTime createdAt) {

        StoredKey stored(ECKey key) {
            return new StoredKey(key, active, createdAt);
        }
    }

    private void install(List<StoredKey> stored) {
        keys.set(stored.stream().map(StoredKey::key).collect(Collectors.toUnmodifiableMap(ECKey::getKeyID, Function.identity())));
        current.set(stored.stream().filter(StoredKey::active).max(Comparator.comparing(StoredKey::createdAt)).map(StoredKey::key));
    }

    private record StoredKey(ECKey key, boolean active, java.time.OffsetDateTime createdAt) {
    }

    private static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(Randomness.uuid().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not generate an access-token key", e);
        }
    }

    private static ECKey parse(String json) {
        try {
            return ECKey.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("A stored access-token key does not parse", e);
        }
    }
}
