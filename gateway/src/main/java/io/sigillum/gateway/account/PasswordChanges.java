package io.sigillum.gateway.account;

import io.sigillum.gateway.messaging.MessageSender;
import io.sigillum.gateway.messaging.OutboundMessage;
import io.sigillum.gateway.notify.NoticeTexts;
import io.sigillum.gateway.notify.Notification;
import io.sigillum.gateway.notify.NotificationOutbox;
import io.sigillum.gateway.redis.SlidingWindowLimits;
import io.sigillum.gateway.redis.SlidingWindowLimits.Limit;
import io.sigillum.gateway.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How an account's password is changed once it is made: with the current one, by its holder signed in; or, forgotten,
 * by a link e-mailed to the account's own address. Either way the new password has the rules of every password, it ends
 * every session of the account, spends the account's reset links, clears a lockout, and is told to the address by e-mail.
 *
 * <p>"I forgot my password": the link carries a random
 * token in its fragment (never sent by a browser, so in no URL, log or referrer); only its SHA-256 is stored. It works
 * once, for {@code sigillum.accounts.password-reset-ttl} (whoever reads the mailbox has proven more than a password would,
 * so a locked account may use it).
 *
 * <p>Asking says nothing about whether the address has an account: the answer is the same, and only an account's own
 * address is ever written to. How often one address may be sent a link is limited, whether it has an account or not.
 */
@Service
public class PasswordChanges {

    /** When a link expires or a password was changed, as the person reads it: Polish time, to the minute. */
    private static final DateTimeFormatter POLISH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.of("Europe/Warsaw"));

    private static final Logger log = LoggerFactory.getLogger(PasswordChanges.class);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final AccountService accounts;
    private final List<PasswordBoundGrants> grants;
    private final PasswordHasher hasher;
    private final PasswordRules rules;
    private final SessionStore sessions;
    private final OpaqueTokens tokens;
    private final MessageSender messages;
    private final NoticeTexts notices;
    private final NotificationOutbox outbox;
    private final SlidingWindowLimits limits;
    private final AccountsProperties properties;
    private final Clock clock;

    PasswordChanges(DatabaseClient db, ReactiveTransactionManager transactions, AccountService accounts,
            List<PasswordBoundGrants> grants, PasswordHasher hasher,
            PasswordRules rules,
            SessionStore sessions, OpaqueTokens tokens, MessageSender messages, NoticeTexts notices, NotificationOutbox outbox,
            SlidingWindowLimits limits, AccountsProperties properties, Clock clock) {
        this.db = db;
        this.tx = TransactionalOperator.create(transactions);
        this.accounts = accounts;
        this.grants = List.copyOf(grants);
        this.hasher = hasher;
        this.rules = rules;
        this.sessions = sessions;
        this.tokens = tokens;
        this.messages = messages;
        this.notices = notices;
        this.outbox = outbox;
        this.limits = limits;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * E-mails a password-reset link to {@code email} if it is an account's address; completes the same way if not, once
     * the address's limit admitted the request, before the look-up and the e-mail (which follow on their own).
     *
     * @param language the language the person asked in (a page's), or empty for both, Polish first
     */
    public Mono<Void> requestReset(String email, Optional<Locale> language) {
        String address = AccountService.normalise(email);
        return limits.admit(List.of(new Limit("password-resets:address:{" + OpaqueTokens.hash(address) + "}",
                        properties.passwordResetsPerAddress(), properties.passwordResetWindow(),
                        "Too many password-reset e-mails to this address; try again later")))
                // the answer waits for neither the look-up, the link nor the e-mail: it is the same, and as soon, for an
                // address with an account as for one without, whatever the mail provider does
                .then(Mono.fromRunnable(() -> linkIfAccount(address, language).subscribe(null, failure -> log.warn(
                        "A password-reset link could not be made or sent: {}", failure.toString()))));
    }

    private Mono<Void> linkIfAccount(String address, Optional<Locale> language) {
        return db.sql("SELECT id FROM user_account WHERE email = :email").bind("email", address)
                .map(row -> row.get("id", UUID.class)).one()
                .flatMap(account -> sendLink(account, address, language));
    }

    private Mono<Void> sendLink(UUID account, String address, Optional<Locale> language) {
        String token = tokens.newToken();
        Instant expiresAt = clock.instant().plus(properties.passwordResetTtl());
        String link = properties.passwordResetBaseUrl() + "#" + token;
        String expiry = POLISH_TIME.format(expiresAt);
        return db.sql("INSERT INTO password_reset (token_hash, account_id, expires_at) VALUES (:hash, :account, :expires)")
                .bind("hash", OpaqueTokens.hash(token)).bind("account", account).bind("expires", expiresAt)
                .then()
                .then(messages.send(OutboundMessage.emailWithCode(address, text(language, "passwordReset.subject"),
                        text(language, "passwordReset.body", address, link, expiry), token)));
    }

    /**
     * Sets {@code password} (the rules of every password) on the account the link's {@code token} was sent for, once.
     * The token is looked up before the password is hashed, so an unknown one costs no hashing.
     *
     * @return the account's e-mail address
     */
    public Mono<String> reset(String token, String password) {
        rules.check(password);
        String tokenHash = OpaqueTokens.hash(token);
        return db.sql("SELECT 1 FROM password_reset WHERE token_hash = :hash AND used_at IS NULL AND expires_at > now()")
                .bind("hash", tokenHash).map(row -> true).one()
                .switchIfEmpty(Mono.error(PasswordChanges::unknownLink))
                .then(Mono.defer(() -> hasher.hash(password)))
                .flatMap(hash -> takeLink(tokenHash)
                        .flatMap(account -> setPassword(account, hash))
                        .as(tx::transactional))
                .flatMap(changed -> told(changed).thenReturn(changed.email()));
    }

    /**
     * Sets {@code next} for the signed-in {@code caller} who proves the account with its {@code current} password
     * (checked as at login: a wrong one counted, a locked account refused).
     *
     * @return a new session for the caller: every session of the account, the caller's own among them, is ended
     */
    public Mono<SessionStore.Session> change(CurrentAccount caller, String current, String next) {
        rules.check(next, "newPassword", Optional.empty());
        return db.sql("SELECT email FROM user_account WHERE id = :id").bind("id", caller.id())
                .map(row -> row.get("email", String.class)).one()
                .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized",
                        "This session's account is no more")))
                .flatMap(email -> Mono.fromRunnable(() -> rules.check(next, "newPassword", Optional.of(email)))
                        .then(accounts.authenticate(email, current)))
                .onErrorMap(ApiException.class, refused -> "invalid_credentials".equals(refused.code())
                        ? new ApiException(HttpStatus.FORBIDDEN, "wrong_password", "The current password is not this account's",
                                refused.properties(), Optional.empty())
                        : refused)
                .then(Mono.fromRunnable(() -> rules.checkChanged(current, next)))
                .then(Mono.defer(() -> hasher.hash(next)))
                .flatMap(hash -> setPassword(caller.id(), hash).as(tx::transactional))
                .flatMap(this::told)
                .then(Mono.defer(() -> sessions.open(caller)));
    }

    /**
     * Every session of the account ended, and every grant its holder gave with the password withdrawn (the OAuth2 service
     * tokens). The address was told in the change's own transaction ({@link #setPassword}).
     */
    private Mono<Void> told(Changed changed) {
        return sessions.passwordChanged(changed.account())
                .then(accounts.cscUserId(changed.account()))
                .flatMap(holder -> Flux.fromIterable(grants).concatMap(given -> given.withdrawAll(holder)).then());
    }

    /** Marks the link used; exactly one of two uses at once takes it. */
    private Mono<UUID> takeLink(String tokenHash) {
        return db.sql("""
                        UPDATE password_reset SET used_at = now()
                        WHERE token_hash = :hash AND used_at IS NULL AND expires_at > now() RETURNING account_id""")
                .bind("hash", tokenHash).map(row -> row.get("account_id", UUID.class)).one()
                .switchIfEmpty(Mono.error(PasswordChanges::unknownLink));
    }

    /**
     * The new password, the lockout cleared, every other link of the account spent, and the e-mail that tells the address
     * put in the outbox, whose dispatcher sends it with retries (statements one after another, in the caller's
     * transaction).
     */
    private Mono<Changed> setPassword(UUID account, String passwordHash) {
        return db.sql("""
                        UPDATE user_account SET password_hash = :hash, failed_logins = 0, locked_until = NULL
                        WHERE id = :id RETURNING email""")
                .bind("hash", passwordHash).bind("id", account).map(row -> row.get("email", String.class)).one()
                .flatMap(email -> db.sql("UPDATE password_reset SET used_at = now() WHERE account_id = :id AND used_at IS NULL")
                        .bind("id", account).then()
                        .then(outbox.add(Notification.email(Notification.Kind.PASSWORD_CHANGED, email,
                                notices.bilingual("passwordChanged.subject", " / "), notices.bilingual("passwordChanged.body",
                                        "\n\n", email, POLISH_TIME.format(clock.instant())))))
                        .thenReturn(new Changed(account, email)));
    }

    private String text(Optional<Locale> language, String key, Object... arguments) {
        return language.map(lang -> notices.in(lang, key, arguments))
                .orElseGet(() -> notices.bilingual(key, key.endsWith(".subject") ? " / " : "\n\n", arguments));
    }

    private static ApiException unknownLink() {
        return new ApiException(HttpStatus.NOT_FOUND, "reset_link_not_found",
                "This password-reset link is unknown, already used or expired; ask for a new one");
    }

    private record Changed(UUID account, String email) {
    }
}
