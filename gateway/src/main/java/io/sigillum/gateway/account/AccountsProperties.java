package io.sigillum.gateway.account;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Accounts, sessions, invitations and password resets.
 *
 * @param sessionTtl how long a bearer session lives after login
 * @param maxFailedLogins wrong passwords in a row that lock an account
 * @param lockout how long a locked account stays locked
 * @param minPasswordLength shortest password accepted at registration
 * @param invitationTtl how long an operator's invitation link stays valid
 * @param invitationBaseUrl the page an invitation link points to (this gateway's {@code /invitations}, or an app's own);
 *        the token follows it as the fragment, {@code #<token>}
 * @param invitationsPerOperator invitations one operator may send in {@code invitationWindow}
 * @param invitationsPerAddress invitations one organisation may send one e-mail address in {@code invitationWindow}
 * @param invitationWindow the sliding window of both invitation limits
 * @param passwordResetTtl how long a password-reset link stays valid (it works once)
 * @param passwordResetBaseUrl the page a password-reset link points to (this gateway's {@code /password-reset/new}, or an
 *        app's own); the token follows it as the fragment, {@code #<token>}
 * @param passwordResetsPerAddress password-reset e-mails one address may be sent in {@code passwordResetWindow}
 * @param passwordResetWindow the sliding window of that limit
 */
@ConfigurationProperties("sigillum.accounts")
@Validated
public record AccountsProperties(@DefaultValue("8h") @NotNull Duration sessionTtl,
        @DefaultValue("5") @Min(1) int maxFailedLogins,
        @DefaultValue("15m") @NotNull Duration lockout,
        @DefaultValue("10") @Min(8) int minPasswordLength,
        @DefaultValue("7d") @NotNull Duration invitationTtl,
        @DefaultValue("http://127.0.0.1:8080/invitations") @NotBlank String invitationBaseUrl,
        @DefaultValue("50") @Min(1) int invitationsPerOperator,
        @DefaultValue("3") @Min(1) int invitationsPerAddress,
        @DefaultValue("24h") @NotNull Duration invitationWindow,
        @DefaultValue("30m") @NotNull Duration passwordResetTtl,
        @DefaultValue("http://127.0.0.1:8080/password-reset/new") @NotBlank String passwordResetBaseUrl,
        @DefaultValue("3") @Min(1) int passwordResetsPerAddress,
        @DefaultValue("1h") @NotNull Duration passwordResetWindow) {
}

