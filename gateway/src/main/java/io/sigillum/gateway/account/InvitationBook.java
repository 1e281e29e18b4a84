package io.sigillum.gateway.account;

import io.r2dbc.spi.Readable;
import io.sigillum.gateway.web.ApiException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A point of sale's invitations as its operators see them, newest first, and their withdrawal: a withdrawn invitation can
 * be neither accepted nor drawn (an invitation that names a product is how a customer's application is paid for from the
 * pool, so the point of sale must be able to take one back, e.g. when the customer cancels). The token is never shown.
 */
@Component
class InvitationBook {

    /** The longest page of the list. */
    static final int MAX_LIMIT = 200;

    private static final String STATUS = """
            CASE WHEN i.withdrawn_at IS NOT NULL THEN 'WITHDRAWN'
                 WHEN i.pool_drawn_at IS NOT NULL THEN 'APPLIED'
                 WHEN i.accepted_at IS NOT NULL THEN 'ACCEPTED'
                 WHEN i.expires_at <= now() THEN 'EXPIRED'
                 ELSE 'PENDING' END""";

    private static final String ENTRIES = "SELECT i.id, i.email, i.product_id, a.email AS invited_by, i.created_at, i.expires_at, "
            + STATUS + " AS status FROM account_invitation i JOIN user_account a ON a.id = i.invited_by WHERE i.point_of_sale_id = :pos";

    private final DatabaseClient db;

    InvitationBook(DatabaseClient db) {
        this.db = db;
    }

    /**
     * One invitation.
     *
     * @param status {@code PENDING} (sent, not accepted), {@code ACCEPTED}, {@code APPLIED} (its product's application
     *        opened), {@code EXPIRED} (never accepted) or {@code WITHDRAWN}
     */
    @Schema(name = "SentInvitation")
    record Entry(UUID id, String email, Optional<String> productId, String invitedBy, Instant createdAt, Instant expiresAt,
            @Schema(allowableValues = {"PENDING", "ACCEPTED", "APPLIED", "EXPIRED", "WITHDRAWN"}) String status) {
    }

    /** The newest {@code limit} invitations, or only those to {@code email} (normalised as accounts are). */
    Flux<Entry> list(CurrentAccount operator, Optional<String> email, int limit) {
        DatabaseClient.GenericExecuteSpec query = db.sql(ENTRIES + email.map(any -> " AND i.email = :email").orElse("")
                        + " ORDER BY i.created_at DESC, i.id LIMIT :limit")
                .bind("pos", operator.pointOfSale()).bind("limit", limit);
        return (email.isPresent() ? query.bind("email", AccountService.normalise(email.get())) : query)
                .map(InvitationBook::entry).all();
    }

    /**
     * Withdraws an invitation of the operator's point of sale that has not opened an application (a second withdrawal
     * answers as the first); 404 for any other point of sale's, 409 with {@code currentState} when it has opened an
     * application, expired unaccepted, or was accepted naming no product: the person has joined the point of sale, which
     * a withdrawal would not undo, so the record says ACCEPTED as it happened.
     */
    Mono<Entry> withdraw(CurrentAccount operator, UUID id) {
        return db.sql("""
                        UPDATE account_invitation SET withdrawn_at = now()
                        WHERE id = :id AND point_of_sale_id = :pos AND withdrawn_at IS NULL AND pool_drawn_at IS NULL
                          AND (accepted_at IS NOT NULL OR expires_at > now())
                          AND (accepted_at IS NULL OR product_id IS NOT NULL)""")
                .bind("id", id).bind("pos", operator.pointOfSale()).fetch().rowsUpdated()
                .then(find(operator, id))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("No such invitation at this point of sale")))
                .flatMap(entry -> entry.status().equals("WITHDRAWN") ? Mono.just(entry)
                        : Mono.error(ApiException.conflict("invitation_not_withdrawable", "The invitation is " + entry.status()
                                + ": only one that has not opened an application can be withdrawn",
                                Map.of("currentState", entry.status()))));
    }

    private Mono<Entry> find(CurrentAccount operator, UUID id) {
        return db.sql(ENTRIES + " AND i.id = :id")
                .bind("id", id).bind("pos", operator.pointOfSale())
                .map(InvitationBook::entry).one();
    }

    private static Entry entry(Readable row) {
        return new Entry(row.get("id", UUID.class), row.get("email", String.class),
                Optional.ofNullable(row.get("product_id", String.class)), row.get("invited_by", String.class),
                row.get("created_at", Instant.class), row.get("expires_at", Instant.class), row.get("status", String.class));
    }
}
