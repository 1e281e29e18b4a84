package io.sigillum.gateway.issuance.application;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** SQL for applications and their append-only history. */
@Repository
class ApplicationRepository {

    private static final String COLUMNS = """
            id, number, applicant_id, product_id, point_of_sale_id, state, certificate_parameters::text AS parameters,
            applicant_data::text AS data, documents_accepted_at, created_at, updated_at""";

    /**
     * Which applications an operator (:pos, :org) may see and act on: see {@link #findForOperator}. Only ever those of
     * an e-code of the operator's organisation, whatever point of sale they carry.
     */
    private static final String OPERATOR_SCOPE = """
            (ecode_id IN (SELECT id FROM ecode WHERE organisation_id = :org)
             AND (point_of_sale_id = :pos OR point_of_sale_id IS NULL
                  OR point_of_sale_id NOT IN (SELECT id FROM point_of_sale WHERE organisation_id = :org)))""";

    private final DatabaseClient db;
    private final JsonMapper json;

    ApplicationRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /** A stored application, before its product is joined in. */
    record Stored(UUID id, String number, UUID applicantId, String productId, Optional<UUID> pointOfSaleId,
            ApplicationState state, Optional<CertificateParameters> parameters, Optional<ApplicantData> data,
            Optional<Instant> documentsAcceptedAt, Instant createdAt, Instant updatedAt) {
    }

    /** One history entry. */
    record HistoryEntry(String transition, Optional<ApplicationState> fromState, ApplicationState toState,
            Optional<String> actor, Instant at) {
    }

    /**
     * A new DRAFT for an e-code of {@code organisation}, at the applicant's point of sale only if it is one of that
     * organisation's: an applicant invited by another organisation's operator does not take its application there.
     */
    Mono<UUID> create(UUID applicant, String productId, long ecodeId, UUID organisation, Optional<UUID> pointOfSale) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO application (number, applicant_id, product_id, ecode_id, point_of_sale_id, state)
                        VALUES (to_char(now(), 'YYYY') || '-' || lpad(nextval('application_number_seq')::text, 6, '0'),
                                :applicant, :product, :ecode,
                                (SELECT id FROM point_of_sale WHERE id = :pos AND organisation_id = :org), 'DRAFT')
                        RETURNING id""")
                .bind("applicant", applicant).bind("product", productId).bind("ecode", ecodeId).bind("org", organisation);
        spec = pointOfSale.isPresent() ? spec.bind("pos", pointOfSale.get()) : spec.bindNull("pos", UUID.class);
        return spec.map(row -> row.get("id", UUID.class)).one();
    }

    /** The applicant's own application, locked for the rest of the transaction; empty for anyone else's. */
    Mono<Stored> lockOwn(UUID id, UUID applicant) {
        return db.sql("SELECT " + COLUMNS + " FROM application WHERE id = :id AND applicant_id = :applicant FOR UPDATE")
                .bind("id", id).bind("applicant", applicant).map(this::stored).one();
    }

    /** Any application, locked for the rest of the transaction (the system's and consultants' moves). */
    Mono<Stored> lock(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM application WHERE id = :id FOR UPDATE")
                .bind("id", id).map(this::stored).one();
    }

    Mono<Stored> find(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM application WHERE id = :id").bind("id", id).map(this::stored).one();
    }

    Mono<Stored> findOwn(UUID id, UUID applicant) {
        return db.sql("SELECT " + COLUMNS + " FROM application WHERE id = :id AND applicant_id = :applicant")
                .bind("id", id).bind("applicant", applicant).map(this::stored).one();
    }

    Flux<Stored> listOwn(UUID applicant) {
        return db.sql("SELECT " + COLUMNS + " FROM application WHERE applicant_id = :applicant ORDER BY created_at DESC LIMIT 100")
                .bind("applicant", applicant).map(this::stored).all();
    }

    /**
     * An application an operator may see and act on, always on an e-code of the operator's organisation: one its
     * applicant was invited to from the operator's point of sale, or one that came without a point of sale of that
     * organisation; empty otherwise.
     */
    Mono<Stored> findForOperator(UUID id, UUID pointOfSale, UUID organisation) {
        return db.sql("SELECT " + COLUMNS + " FROM application WHERE id = :id AND " + OPERATOR_SCOPE)
                .bind("id", id).bind("pos", pointOfSale).bind("org", organisation).map(this::stored).one();
    }

    /** The newest hundred applications an operator may see (as {@link #findForOperator}). */
    Flux<Stored> listForOperator(UUID pointOfSale, UUID organisation) {
        return db.sql("SELECT " + COLUMNS + " FROM application WHERE " + OPERATOR_SCOPE + " ORDER BY created_at DESC LIMIT 100")
                .bind("pos", pointOfSale).bind("org", organisation).map(this::stored).all();
    }

    Mono<Void> saveParameters(UUID id, CertificateParameters parameters) {
        return db.sql("UPDATE application SET certificate_parameters = CAST(:json AS jsonb), updated_at = now() WHERE id = :id")
                .bind("json", json.writeValueAsString(parameters)).bind("id", id).then();
    }

    Mono<Void> saveData(UUID id, ApplicantData data) {
        return db.sql("UPDATE application SET applicant_data = CAST(:json AS jsonb), updated_at = now() WHERE id = :id")
                .bind("json", json.writeValueAsString(data)).bind("id", id).then();
    }

    Mono<Void> moveTo(UUID id, ApplicationState state) {
        return db.sql("""
                        UPDATE application SET state = :state, updated_at = now(),
                            documents_accepted_at = CASE WHEN :accepted THEN now() ELSE documents_accepted_at END
                        WHERE id = :id""")
                .bind("state", state.name()).bind("accepted", state == ApplicationState.DOCUMENTS_ACCEPTED)
                .bind("id", id).then();
    }

    Mono<Void> record(UUID id, String transition, Optional<ApplicationState> from, ApplicationState to,
            Optional<UUID> actor, Optional<String> detailsJson) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO application_history (application_id, transition, from_state, to_state, actor_id, details)
                        VALUES (:id, :transition, :from, :to, :actor, CAST(:details AS jsonb))""")
                .bind("id", id).bind("transition", transition).bind("to", to.name());
        spec = actor.isPresent() ? spec.bind("actor", actor.get()) : spec.bindNull("actor", UUID.class);
        spec = from.isPresent() ? spec.bind("from", from.get().name()) : spec.bindNull("from", String.class);
        spec = detailsJson.isPresent() ? spec.bind("details", detailsJson.get()) : spec.bindNull("details", String.class);
        return spec.then();
    }

    /** The application a credential was issued for; empty for one of no application (a platform's own). */
    Mono<UUID> applicationOf(String credentialId) {
        return db.sql("SELECT id FROM application WHERE credential_id = :credential")
                .bind("credential", credentialId).map(row -> row.get("id", UUID.class)).one();
    }

    /** The credential issued (or being issued) for the application; empty before issuance. */
    Mono<String> credentialOf(UUID id) {
        return db.sql("SELECT credential_id FROM application WHERE id = :id AND credential_id IS NOT NULL")
                .bind("id", id).map(row -> row.get("credential_id", String.class)).one();
    }

    Mono<Void> linkCredential(UUID id, String credentialId) {
        return db.sql("UPDATE application SET credential_id = :credential, updated_at = now() WHERE id = :id")
                .bind("credential", credentialId).bind("id", id).then();
    }

    Mono<Void> unlinkCredential(String credentialId) {
        return db.sql("UPDATE application SET credential_id = NULL, updated_at = now() WHERE credential_id = :credential")
                .bind("credential", credentialId).then();
    }

    Mono<Void> unlinkCredential(UUID id, String credentialId) {
        return db.sql("UPDATE application SET credential_id = NULL, updated_at = now() WHERE id = :id AND credential_id = :credential")
                .bind("credential", credentialId).bind("id", id).then();
    }

    /** The organisation whose e-code opened the application (its operators countersign and decide for it). */
    Mono<UUID> organisationOf(UUID id) {
        return db.sql("SELECT e.organisation_id FROM application a JOIN ecode e ON e.id = a.ecode_id WHERE a.id = :id")
                .bind("id", id).map(row -> row.get("organisation_id", UUID.class)).one();
    }

    /** The platform of the e-code's organisation, if it has one: its credentials are usable there. */
    Mono<IssuerPlatform> issuerPlatform(UUID id) {
        return db.sql("""
                        SELECT p.id, p.client_id FROM application a JOIN ecode e ON e.id = a.ecode_id
                        JOIN organisation o ON o.id = e.organisation_id
                        JOIN platform_client p ON p.client_id = o.platform_client_id
                        WHERE a.id = :id""")
                .bind("id", id)
                .map(row -> new IssuerPlatform(row.get("id", UUID.class), row.get("client_id", String.class))).one();
    }

    Flux<HistoryEntry> history(UUID id) {
        return db.sql("""
                        SELECT h.transition, h.from_state, h.to_state, a.email, h.at
                        FROM application_history h LEFT JOIN user_account a ON a.id = h.actor_id
                        WHERE h.application_id = :id ORDER BY h.id""")
                .bind("id", id)
                .map(row -> new HistoryEntry(row.get("transition", String.class),
                        Optional.ofNullable(row.get("from_state", String.class)).map(ApplicationState::valueOf),
                        ApplicationState.valueOf(row.get("to_state", String.class)),
                        Optional.ofNullable(row.get("email", String.class)), row.get("at", Instant.class)))
                .all();
    }

    private Stored stored(Readable row) {
        return new Stored(row.get("id", UUID.class), row.get("number", String.class),
                row.get("applicant_id", UUID.class), row.get("product_id", String.class),
                Optional.ofNullable(row.get("point_of_sale_id", UUID.class)),
                ApplicationState.valueOf(row.get("state", String.class)),
                Optional.ofNullable(row.get("parameters", String.class))
                        .map(text -> json.readValue(text, CertificateParameters.class)),
                Optional.ofNullable(row.get("data", String.class)).map(text -> json.readValue(text, ApplicantData.class)),
                Optional.ofNullable(row.get("documents_accepted_at", Instant.class)),
                row.get("created_at", Instant.class), row.get("updated_at", Instant.class));
    }

}
