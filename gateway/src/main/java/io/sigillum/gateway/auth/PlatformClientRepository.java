package io.sigillum.gateway.auth;

import java.util.Arrays;
import java.util.LinkedHashSet;
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
        return db.sql("SELECT id, client_id, name, secret_hash, scopes, enabled FROM platform_client WHERE client_id = :clientId")
                .bind("clientId", clientId)
                .map((row, meta) -> new PlatformClient(row.get("id", UUID.class), row.get("client_id", String.class),
                        row.get("name", String.class), row.get("secret_hash", String.class),
                        scopes(row.get("scopes", String.class)), Boolean.TRUE.equals(row.get("enabled", Boolean.class))))
                .one();
    }

    /** Registers a platform; the secret arrives already hashed. */
    public Mono<PlatformClient> insert(String clientId, String name, String secretHash, Set<String> scopes) {
        UUID id = UUID.randomUUID();
        return db.sql("INSERT INTO platform_client (id, client_id, name, secret_hash, scopes) "
                        + "VALUES (:id, :clientId, :name, :hash, :scopes)")
                .bind("id", id).bind("clientId", clientId).bind("name", name).bind("hash", secretHash)
                .bind("scopes", String.join(" ", scopes))
                .then()
                .thenReturn(new PlatformClient(id, clientId, name, secretHash, scopes, true));
    }

    private static Set<String> scopes(String spaceSeparated) {
        return new LinkedHashSet<>(Arrays.asList(spaceSeparated.trim().split("\\s+")));
    }
}
