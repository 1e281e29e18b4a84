package io.sigillum.gateway.account;

import io.sigillum.gateway.messaging.MessageSender;
import io.sigillum.gateway.messaging.OutboundMessage;
import io.sigillum.gateway.notify.NoticeTexts;
import io.sigillum.gateway.redis.SlidingWindowLimits;
import io.sigillum.gateway.redis.SlidingWindowLimits.Limit;
import io.sigillum.gateway.secret.Randomness;
import io.sigillum.gateway.web.ApiException;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** Registration, login with lockout, operator accounts and invitations. */
@Service
public class AccountService {

    private static final Locale POLISH = Locale.of("pl");

    /** When an invitation expires, as the invited person reads it: Polish time, to the minute. */
    private static final DateTimeFormatter INVITATION_EXPIRY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.of("Europe/Warsaw"));

    /** An account's count of wrong passwords, unless the last was {@link UnknownAddressLockout#COUNTED} ago or more. */
    private static final String RECENT_FAILED_LOGINS =
            "(CASE WHEN failed_login_at > now() - make_interval(secs => :kept) THEN failed_logins ELSE 0 END)";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final PasswordHasher hasher;
    private final SessionStore sessions;
    private final OpaqueTokens tokens;
    private final MessageSender messages;
    private final NoticeTexts notices;
    private final AccountsProperties properties;
    private final SlidingWindowLimits limits;
    private final UnknownAddressLockout unknownAddresses;
    private final PasswordRules passwordRules;
    private final InvitationProducts products;
    /** Verified against when the e-mail is unknown, so both answers take as long; made on first use, off start-up. */
    private final Mono<String> decoyHash;

    AccountService(DatabaseClient db, ReactiveTransactionManager transactions, PasswordHasher hasher,
            SessionStore sessions, OpaqueTokens tokens, MessageSender messages, NoticeTexts notices, AccountsProperties properties,
            SlidingWindowLimits limits, UnknownAddressLockout unknownAddresses, PasswordRules passwordRules,
            InvitationProducts products) {
        this.db = db;
        this.tx = TransactionalOperator.create(transactions);
        this.hasher = hasher;
        this.sessions = sessions;
        this.tokens = tokens;
        this.messages = messages;
        this.notices = notices;
        this.properties = properties;
        this.limits = limits;
        this.unknownAddresses = unknownAddresses;
        this.passwordRules = passwordRules;
        this.products = products;
        this.decoyHash = Mono.defer(() -> hasher.hash(tokens.newToken())).cache();
    }

    /** A created account. */
    public record Account(UUID id, String email, Role role, Optional<UUID> organisationId,
            Optional<UUID> pointOfSaleId) {
    }

    /** A sent invitation (the token itself travels only in the e-mail); {@code id} names it to list or withdraw it. */
    public record Invitation(UUID id, String email, Instant expiresAt, Optional<String> productId) {
    }

    public Mono<Account> registerApplicant(String email, String password) {
        passwordRules.checkFor(password, email);
        return create(normalise(email), password, Role.APPLICANT, Optional.empty(), Optional.empty());
    }

    /**
     * Creates an operator and, if the organisation has none of that name, its point of sale — both or neither: an
     * operator refused (its e-mail taken) leaves no point of sale behind. The password is hashed before the transaction.
     */
    public Mono<Account> createOperator(UUID organisation, String email, String password, String pointOfSaleName) {
        passwordRules.checkFor(password, email);
        return hasher.hash(password).flatMap(hash -> db.sql("""
                        INSERT INTO point_of_sale (organisation_id, name) VALUES (:org, :name)
                        ON CONFLICT (organisation_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id""")
                .bind("org", organisation).bind("name", pointOfSaleName(pointOfSaleName))
                .map(row -> row.get("id", UUID.class)).one()
                .flatMap(pos -> insert(normalise(email), hash, Role.OPERATOR, Optional.of(organisation), Optional.of(pos)))
                .as(tx::transactional));
    }

    /**
     * A point of sale's name as stored and compared: NFKC, each run of spaces (a no-break space, a doubled one) one space,
     * none at the ends, so that names that look the same are one point of sale.
     */
    static String pointOfSaleName(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC).replaceAll("[\\s\\p{Z}]+", " ").strip();
    }

    /**
     * Creates an organisation and its first admin; used by the dev bootstrap and by tests. The password is the operator's
     * configured dev secret (such as "ci-admin-pass" for admin@demo.local): the general rules apply, not the one against
     * the address.
     */
    public Mono<Account> createOrganisationAdmin(String organisationName, String email, String password) {
        return ensureOrganisation(organisationName).flatMap(org -> {
            passwordRules.check(password);
            return create(normalise(email), password, Role.ORG_ADMIN, Optional.of(org), Optional.empty());
        });
    }

    /** The id of the organisation of this name, made if there is none (dev bootstrap). */
    public Mono<UUID> ensureOrganisation(String name) {
        return db.sql("""
                        INSERT INTO organisation (name) VALUES (:name)
                        ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id""")
                .bind("name", name)
                .map(row -> row.get("id", UUID.class)).one();
    }

    /** Sets a new password (dev bootstrap). */
    public Mono<Void> resetPassword(String email, String password) {
        return hasher.hash(password).flatMap(hash -> db.sql("""
                        UPDATE user_account SET password_hash = :hash, failed_logins = 0, locked_until = NULL
                        WHERE email = :email""")
                .bind("hash", hash).bind("email", normalise(email)).then());
    }

    public Mono<SessionStore.Session> login(String email, String password) {
        return Mono.defer(() -> {
            Instant checkedFrom = Instant.now();
            return authenticate(email, password).flatMap(signer -> sessions.open(signer.account(), checkedFrom));
        });
    }

    /**
     * Checks an e-mail and password with the same rules as {@link #login} (wrong passwords counted, a locked account
     * refused, an unknown e-mail costing the same time as a known one) without opening a session: the OAuth2
     * authorization page signs the holder of credentials in with it.
     *
     * <p>Every try is counted as a wrong one before its password is checked, in the same statement that checks the lock:
     * tries sent together cannot all be checked against one reading of the count, so no more than the limit of them is
     * ever checked before the account locks. A right password then takes its count back ({@link #passwordRight}). Wrong
     * passwords are forgotten {@link UnknownAddressLockout#COUNTED} after the last one, as for an address with no account.
     */
    public Mono<Signer> authenticate(String email, String password) {
        String address = normalise(email);
        return db.sql("""
                        UPDATE user_account
                        SET failed_logins = CASE WHEN %1$s + 1 >= :max THEN 0 ELSE %1$s + 1 END,
                            locked_until = CASE WHEN %1$s + 1 >= :max THEN now() + make_interval(secs => :lockout)
                                           ELSE locked_until END,
                            failed_login_at = now()
                        WHERE email = :email AND (locked_until IS NULL OR locked_until <= now())
                        RETURNING id, password_hash, role, organisation_id, point_of_sale_id,
                                  locked_until > now() AS locking, failed_logins AS counted,
                                  COALESCE(csc_user_id, id::text) AS csc_user_id""".formatted(RECENT_FAILED_LOGINS))
                .bind("email", address)
                .bind("max", properties.maxFailedLogins())
                .bind("lockout", (double) properties.lockout().toSeconds())
                .bind("kept", (double) UnknownAddressLockout.COUNTED.toSeconds())
                .map((row, meta) -> new StoredLogin(
                        new CurrentAccount(row.get("id", UUID.class), Role.valueOf(row.get("role", String.class)),
                                Optional.ofNullable(row.get("organisation_id", UUID.class)),
                                Optional.ofNullable(row.get("point_of_sale_id", UUID.class))),
                        row.get("csc_user_id", String.class),
                        row.get("password_hash", String.class),
                        Boolean.TRUE.equals(row.get("locking", Boolean.class)), row.get("counted", Integer.class)))
                .one()
                .flatMap(stored -> hasher.verify(password, stored.passwordHash())
                        .flatMap(right -> right ? passwordRight(stored)
                                : Mono.<Signer>error(badCredentials(attemptsLeft(stored)))))
                .switchIfEmpty(Mono.defer(() -> lockedOrUnknown(address, password)));
    }

    /**
     * A right password clears the count of wrong ones up to and with its own try, and the lock if its own try set it:
     * tries counted after it, sent alongside it, stay counted, and a lock they set stays.
     */
    private Mono<Signer> passwordRight(StoredLogin stored) {
        return db.sql("""
                        UPDATE user_account SET failed_logins = GREATEST(failed_logins - :counted, 0),
                            locked_until = CASE WHEN :locking THEN NULL ELSE locked_until END
                        WHERE id = :id AND (:locking OR locked_until IS NULL OR locked_until <= now())""")
                .bind("counted", stored.counted()).bind("locking", stored.locking()).bind("id", stored.account().id()).then()
                .thenReturn(new Signer(stored.account(), stored.cscUserId()));
    }

    /** Wrong passwords the account may still be given before it locks, counting this one (none: this one locked it). */
    private int attemptsLeft(StoredLogin stored) {
        return stored.locking() ? 0 : Math.max(0, properties.maxFailedLogins() - stored.counted());
    }

    /** No try was counted: the address's account is locked, or it has none. */
    private Mono<Signer> lockedOrUnknown(String address, String password) {
        return db.sql("SELECT CEIL(EXTRACT(EPOCH FROM (locked_until - now())))::bigint AS locked_seconds "
                        + "FROM user_account WHERE email = :email")
                .bind("email", address)
                .map((row, meta) -> Optional.ofNullable(row.get("locked_seconds", Long.class)).orElse(0L))
                .one()
                .flatMap(seconds -> Mono.<Signer>error(locked(seconds)))
                .switchIfEmpty(Mono.defer(() -> unknownAddress(address, password)));
    }

    /**
     * An address with no account answers as an account would: the same time for a wrong password (a hash verified
     * against a decoy), and the same lockout after as many wrong passwords ({@link UnknownAddressLockout}), each try
     * counted before its password is checked, as an account's.
     */
    private Mono<Signer> unknownAddress(String email, String password) {
        return unknownAddresses.countTry(email).flatMap(counted -> counted.lockedSeconds() > 0
                ? Mono.error(locked(counted.lockedSeconds()))
                : decoyHash.flatMap(decoy -> hasher.verify(password, decoy))
                        .then(Mono.error(badCredentials(counted.attemptsLeft()))));
    }

    /**
     * An account proven by its password, with the CSC {@code userID} its credentials are held under (the account id,
     * or the one it was given when its credentials were provisioned outside issuance).
     */
    public record Signer(CurrentAccount account, String cscUserId) {
    }

    /**
     * An account whose try was counted: {@code counted} wrong tries with it, or {@code locking}: the try that reached the
     * limit and locked it (the count then starts again at zero).
     */
    private record StoredLogin(CurrentAccount account, String cscUserId, String passwordHash, boolean locking, int counted) {
    }

    /**
     * The CSC {@code userID} an account's credentials are held under: its own id, or the one it was given when its
     * credentials were provisioned outside issuance. Empty for no such account.
     */
    public Mono<String> cscUserId(UUID accountId) {
        return db.sql("SELECT COALESCE(csc_user_id, id::text) AS csc_user_id FROM user_account WHERE id = :id")
                .bind("id", accountId).map((row, meta) -> row.get("csc_user_id", String.class)).one();
    }

    /** Development data: an applicant account whose credentials are held under a given CSC userID (created once). */
    public Mono<Void> ensureSigner(String email, String password, String cscUserId) {
        return hasher.hash(password).flatMap(hash -> ensureSignerWithHash(email, hash, cscUserId));
    }

    /**
     * As {@link #ensureSigner}, with the password already hashed: development data for load tests hashes one shared
     * password once for many accounts instead of once per account.
     */
    public Mono<Void> ensureSignerWithHash(String email, String passwordHash, String cscUserId) {
        return db.sql("""
                        INSERT INTO user_account (email, password_hash, role, csc_user_id) VALUES (:email, :hash, 'APPLICANT', :user)
                        ON CONFLICT DO NOTHING""")
                .bind("email", normalise(email)).bind("hash", passwordHash).bind("user", cscUserId).then();
    }

    /**
     * Invites a person to apply at the operator's point of sale; with {@code productId}, for that product, paid from the
     * organisation's stock when the person opens the application ({@link #drawInvitedProduct}), so they need no e-code.
     */
    public Mono<Invitation> invite(CurrentAccount operator, String email, Optional<String> productId) {
        Mono<Optional<InvitationProducts.Names>> product = productId.isEmpty() ? Mono.just(Optional.empty())
                : products.check(operator.organisation(), productId.get()).map(Optional::of);
        return product.flatMap(names -> invite(operator, email, productId, names));
    }

    private Mono<Invitation> invite(CurrentAccount operator, String email, Optional<String> productId,
            Optional<InvitationProducts.Names> product) {
        String token = tokens.newToken();
        UUID id = Randomness.uuid();
        Instant expiresAt = Instant.now().plus(properties.invitationTtl());
        String address = normalise(email);
        // the token in the fragment: a browser never sends it, so no server's log or referrer sees it (the page moves it into
        // its form)
        String link = properties.invitationBaseUrl() + "#" + token;
        // the address's limit is per organisation: another organisation's invitations cannot use up this one's
        return limits.admit(List.of(
                        new Limit("invitations:operator:{" + operator.id() + "}", properties.invitationsPerOperator(),
                                properties.invitationWindow(), "Too many invitations from this operator"),
                        new Limit("invitations:address:{" + operator.organisation() + ":" + OpaqueTokens.hash(address) + "}",
                                properties.invitationsPerAddress(), properties.invitationWindow(),
                                "Too many invitations to this e-mail address")))
                .then(Mono.defer(() -> {
                    DatabaseClient.GenericExecuteSpec insert = db.sql("""
                                    INSERT INTO account_invitation (id, token_hash, email, invited_by, point_of_sale_id,
                                                                    expires_at, product_id)
                                    VALUES (:id, :hash, :email, :by, :pos, :expires, :product)""")
                            .bind("id", id).bind("hash", OpaqueTokens.hash(token)).bind("email", address).bind("by", operator.id())
                            .bind("pos", operator.pointOfSale()).bind("expires", expiresAt);
                    return (productId.isPresent() ? insert.bind("product", productId.get()) : insert.bindNull("product", String.class))
                            .then();
                }))
                .then(sender(operator))
                // the person's language is not on record yet: both, Polish first; who sent it, as the vendors' invitation says
                .flatMap(sender -> messages.send(OutboundMessage.emailWithCode(address,
                        notices.bilingual("invitation.subject", " / "), invitationBody(link, expiresAt, sender, product), token)))
                .thenReturn(new Invitation(id, address, expiresAt, productId));
    }

    /** In Polish, then in English; an invitation that names a product says that it is paid for and no e-code is needed. */
    private String invitationBody(String link, Instant expiresAt, Sender sender, Optional<InvitationProducts.Names> product) {
        String expires = INVITATION_EXPIRY.format(expiresAt);
        return String.join("\n\n", notices.in(POLISH, "invitation.body", link, expires, sender.email(), sender.pointOfSale())
                        + product.map(names -> " " + notices.in(POLISH, "invitation.pool", names.polish())).orElse(""),
                notices.in(Locale.ENGLISH, "invitation.body", link, expires, sender.email(), sender.pointOfSale())
                        + product.map(names -> " " + notices.in(Locale.ENGLISH, "invitation.pool", names.english())).orElse(""));
    }

    /**
     * Takes the product of the applicant's oldest accepted invitation that names one and has not opened an application
     * yet, so that exactly one application is opened from each such invitation, paid from the inviting organisation's
     * stock; empty when there is none. Only an invitation of the account's own point of sale counts. Runs in the caller's
     * transaction, which takes the stock's unit.
     *
     * <p>A draw waits for another request drawing the same invitation; when that one commits, the waiting statement finds
     * nothing, so it is asked once more, and then sees the applicant's next invitation or, if the other was rolled back,
     * the same one again.
     */
    public Mono<InvitedProduct> drawInvitedProduct(UUID applicant) {
        return drawOnce(applicant).switchIfEmpty(Mono.defer(() -> drawOnce(applicant)));
    }

    private Mono<InvitedProduct> drawOnce(UUID applicant) {
        return db.sql("""
                        UPDATE account_invitation SET pool_drawn_at = now()
                        WHERE token_hash = (
                            SELECT i.token_hash FROM account_invitation i
                            JOIN user_account a ON a.email = i.email AND a.point_of_sale_id = i.point_of_sale_id
                            WHERE a.id = :applicant AND i.accepted_at IS NOT NULL AND i.product_id IS NOT NULL
                              AND i.pool_drawn_at IS NULL AND i.withdrawn_at IS NULL
                            ORDER BY i.created_at LIMIT 1 FOR UPDATE OF i)
                          AND pool_drawn_at IS NULL AND withdrawn_at IS NULL
                        RETURNING product_id, invited_by, point_of_sale_id,
                            (SELECT organisation_id FROM point_of_sale WHERE id = point_of_sale_id) AS organisation_id""")
                .bind("applicant", applicant)
                .map(row -> new InvitedProduct(row.get("organisation_id", UUID.class), row.get("point_of_sale_id", UUID.class),
                        row.get("product_id", String.class), row.get("invited_by", UUID.class)))
                .one();
    }

    /**
     * The product an accepted invitation named, the organisation whose stock pays for it, the point of sale that invited
     * and its operator who did.
     */
    public record InvitedProduct(UUID organisation, UUID pointOfSale, String productId, UUID invitedBy) {
    }

    /** The operator's e-mail address and point of sale, as an invitation names them. */
    private Mono<Sender> sender(CurrentAccount operator) {
        return db.sql("""
                        SELECT a.email, p.name FROM user_account a JOIN point_of_sale p ON p.id = a.point_of_sale_id
                        WHERE a.id = :id""")
                .bind("id", operator.id())
                .map(row -> new Sender(row.get("email", String.class), row.get("name", String.class))).one();
    }

    private record Sender(String email, String pointOfSale) {
    }

    /**
     * Accepts an operator's invitation: the invited address gets an applicant account of the operator's point of sale
     * with {@code password}, or, when it has one already, that account (proven by its password, with the rules of
     * {@link #login}: wrong ones counted, a locked account refused) becomes the point of sale's client, as the vendors'
     * journey sends someone with an account to log in and go on.
     */
    public Mono<Account> acceptInvitation(String token, String password) {
        String tokenHash = OpaqueTokens.hash(token);
        return db.sql("""
                        SELECT i.email, i.point_of_sale_id, a.id IS NOT NULL AS has_account FROM account_invitation i
                        LEFT JOIN user_account a ON a.email = i.email
                        WHERE i.token_hash = :hash AND i.accepted_at IS NULL AND i.expires_at > now() AND i.withdrawn_at IS NULL""")
                .bind("hash", tokenHash)
                .map(row -> new Invited(row.get("email", String.class), row.get("point_of_sale_id", UUID.class),
                        Boolean.TRUE.equals(row.get("has_account", Boolean.class))))
                .one()
                .switchIfEmpty(Mono.error(AccountService::invitationNotFound))
                .flatMap(invited -> invited.hasAccount() ? joinWithAccount(tokenHash, invited, password)
                        : joinWithNewAccount(tokenHash, invited, password));
    }

    private Mono<Account> joinWithNewAccount(String tokenHash, Invited invited, String password) {
        passwordRules.checkFor(password, invited.email());
        return hasher.hash(password).flatMap(hash -> takeInvitation(tokenHash)
                .then(insert(invited.email(), hash, Role.APPLICANT, Optional.empty(), Optional.of(invited.pointOfSale())))
                .as(tx::transactional));
    }

    /** The password is checked outside the transaction, so that a wrong one stays counted. */
    private Mono<Account> joinWithAccount(String tokenHash, Invited invited, String password) {
        return authenticate(invited.email(), password).flatMap(signer -> {
            CurrentAccount account = signer.account();
            if (account.role() != Role.APPLICANT
                    || account.pointOfSaleId().filter(pos -> !pos.equals(invited.pointOfSale())).isPresent()) {
                return Mono.error(AccountService::clientElsewhere);
            }
            // checked again in the statement: of two acceptances from two points of sale at once, one joins
            return takeInvitation(tokenHash)
                    .then(db.sql("""
                                    UPDATE user_account SET point_of_sale_id = :pos
                                    WHERE id = :id AND (point_of_sale_id IS NULL OR point_of_sale_id = :pos)""")
                            .bind("pos", invited.pointOfSale()).bind("id", account.id()).fetch().rowsUpdated()
                            .flatMap(joined -> joined == 1 ? Mono.<Void>empty() : Mono.error(AccountService::clientElsewhere)))
                    .as(tx::transactional)
                    .thenReturn(new Account(account.id(), invited.email(), Role.APPLICANT, Optional.empty(),
                            Optional.of(invited.pointOfSale())));
        });
    }

    /** Marks the invitation accepted; exactly one of two acceptances at once takes it. */
    private Mono<Void> takeInvitation(String tokenHash) {
        return db.sql("""
                        UPDATE account_invitation SET accepted_at = now()
                        WHERE token_hash = :hash AND accepted_at IS NULL AND expires_at > now() AND withdrawn_at IS NULL
                        RETURNING email""")
                .bind("hash", tokenHash).map(row -> row.get("email", String.class)).one()
                .switchIfEmpty(Mono.error(AccountService::invitationNotFound)).then();
    }

    private static ApiException clientElsewhere() {
        return ApiException.conflict("email_taken", "An account with this e-mail already exists and cannot become this "
                + "point of sale's client", Map.of());
    }

    private static ApiException invitationNotFound() {
        return new ApiException(HttpStatus.NOT_FOUND, "invitation_not_found",
                "This invitation is unknown, already used, withdrawn or expired");
    }

    private record Invited(String email, UUID pointOfSale, boolean hasAccount) {
    }

    private Mono<Account> create(String email, String password, Role role, Optional<UUID> organisation,
            Optional<UUID> pointOfSale) {
        return hasher.hash(password).flatMap(hash -> insert(email, hash, role, organisation, pointOfSale));
    }

    private Mono<Account> insert(String email, String hash, Role role, Optional<UUID> organisation,
            Optional<UUID> pointOfSale) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO user_account (email, password_hash, role, organisation_id, point_of_sale_id)
                        VALUES (:email, :hash, :role, :org, :pos)
                        ON CONFLICT (email) DO NOTHING RETURNING id""")
                .bind("email", email).bind("hash", hash).bind("role", role.name());
        spec = organisation.isPresent() ? spec.bind("org", organisation.get()) : spec.bindNull("org", UUID.class);
        spec = pointOfSale.isPresent() ? spec.bind("pos", pointOfSale.get()) : spec.bindNull("pos", UUID.class);
        return spec
                .map(row -> row.get("id", UUID.class)).one()
                .map(id -> new Account(id, email, role, organisation, pointOfSale))
                .switchIfEmpty(Mono.error(() -> ApiException.conflict("email_taken",
                        "An account with this e-mail already exists; log in instead", Map.of())));
    }

    static String normalise(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    /** A wrong password, and how many more may be tried before the account locks (none: this one locked it). */
    private static ApiException badCredentials(int attemptsLeft) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "invalid_credentials", attemptsLeft > 0
                ? "Wrong e-mail or password; " + attemptsLeft + " more wrong " + (attemptsLeft == 1 ? "password locks" : "passwords lock")
                        + " the account for a while"
                : "Wrong e-mail or password; the account is now locked for a while",
                Map.of("attemptsLeft", attemptsLeft), Optional.empty());
    }

    private static ApiException locked(long seconds) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "account_locked",
                "Too many wrong passwords; this account is locked for a while", Map.of(),
                Optional.of(Duration.ofSeconds(Math.max(1, seconds))));
    }
}
