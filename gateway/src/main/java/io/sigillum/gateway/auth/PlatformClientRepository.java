package io.sigillum.gateway.auth;

import io.sigillum.gateway.secret.Randomness;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Platform clients in PostgreSQL. */
@Repository
public class PlatformClientRepository {

    private final DatabaseClient db;

    PlatformClientRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<PlatformClient> findByClientId(String clientId) {
        return db.sql("SELECT id, client_id, name, secret_hash, scopes, enabled, auth_mode, redirect_uris "
                        + "FROM platform_client WHERE client_id = :clientId")
                .bind("clientId", clientId)
                .map((row, meta) -> new PlatformClient(row.get("id", UUID.class), row.get("client_id", String.class),
                        row.get("name", String.class), row.get("secret_hash", String.class),
                        new LinkedHashSet<>(words(row.get("scopes", String.class))), Boolean.TRUE.equals(row.get("enabled", Boolean.class)),
                        AuthMode.of(row.get("auth_mode", String.class)), words(row.get("redirect_uris", String.class))))
                .one();
    }

    /** Registers a platform in explicit mode; the secret arrives already hashed. */
    public Mono<PlatformClient> insert(String clientId, String name, String secretHash, Set<String> scopes) {
        return insert(clientId, name, secretHash, scopes, AuthMode.EXPLICIT, List.of());
    }

    /** Registers a platform; the secret arrives already hashed; redirect URIs are matched exactly (see the V400 migration). */
    public Mono<PlatformClient> insert(String clientId, String name, String secretHash, Set<String> scopes, AuthMode mode,
            List<String> redirectUris) {
        UUID id = Randomness.uuid();
        return db.sql("INSERT INTO platform_client (id, client_id, name, secret_hash, scopes, auth_mode, redirect_uris) "
                        + "VALUES (:id, :clientId, :name, :hash, :scopes, :mode, :redirects)")
                .bind("id", id).bind("clientId", clientId).bind("name", name).bind("hash", secretHash)
                .bind("scopes", String.join(" ", scopes)).bind("mode", mode.wireName())
                .bind("redirects", String.join(" ", redirectUris))
                .then()
                .thenReturn(new PlatformClient(id, clientId, name, secretHash, scopes, true, mode, redirectUris));
    }

    private static List<String> words(String spaceSeparated) {
        String trimmed = spaceSeparated.trim();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
    }
}
