package io.sigillum.gateway.account;

import io.sigillum.gateway.web.ApiException;
import io.sigillum.gateway.web.InputRules;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Registration, login/logout and the accounts made by organisations (operators, invited applicants). */
@RestController
@Tag(name = "Accounts", description = "Applicant registration, sessions, operators and invitations")
class AccountController {

    private final AccountService accounts;
    private final SessionStore sessions;
    private final PasswordChanges passwords;
    private final InvitationBook invitations;

    AccountController(AccountService accounts, SessionStore sessions, PasswordChanges passwords, InvitationBook invitations) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.passwords = passwords;
        this.invitations = invitations;
    }

    record Credentials(
            @Schema(example = "jan.nowak@example.com") @NotBlank @Mailbox String email,
            @Schema(example = "correct horse battery staple") @NotBlank @Size(max = 128) String password) {
    }

    record NewOperator(
            @Schema(example = "operator@demo.local") @NotBlank @Mailbox String email,
            @Schema(example = "operator password 1") @NotBlank @Size(max = 128) String password,
            @Schema(description = "The operator's point of sale; created in the organisation when new",
                    example = "Szczecin, Królowej Korony Polskiej") @NotBlank @Size(max = 128)
            // shown to invitees in e-mails and sealed into countersigned statements: one line of visible text
            @Pattern(regexp = "[^" + InputRules.INVISIBLE + "\\p{Zl}\\p{Zp}<>]+",
                    message = "one line of text: no control, formatting or unassigned characters, no < or >")
            String pointOfSale) {
    }

    record NewInvitation(@Schema(example = "jan.nowak@example.com") @NotBlank @Mailbox String email,
            @Schema(description = "The product the person applies for, paid from the organisation's stock when they open the "
                    + "application (the vendors' \"kod z puli\"): they need no e-code. Without it, they redeem one.",
                    example = "CQS-2Y") @Size(min = 1, max = 64) String productId) {
    }

    @Schema(name = "InvitationAcceptance")
    record Acceptance(
            @Schema(description = "The token from the invitation e-mail") @NotBlank @Size(max = 128) String token,
            @Schema(example = "correct horse battery staple") @NotBlank @Size(max = 128) String password) {
    }

    record ResetRequest(@Schema(example = "jan.nowak@example.com") @NotBlank @Mailbox String email,
            @Schema(description = "The e-mail's language; both, Polish first, when not given", allowableValues = {"pl", "en"})
            @Pattern(regexp = "pl|en", message = "must be pl or en") String lang) {
    }

    record NewPassword(
            @Schema(description = "The token from the password-reset e-mail (the part of its link after #)")
            @NotBlank @Size(max = 128) String token,
            @Schema(example = "correct horse battery staple") @NotBlank @Size(max = 128) String password) {
    }

    record PasswordChange(@NotBlank @Size(max = 128) String currentPassword,
            @Schema(example = "correct horse battery staple") @NotBlank @Size(max = 128) String newPassword) {
    }

    record ResetAccepted(@Schema(example = "If jan.nowak@example.com is an account's address, a link to set a new password "
            + "was sent to it") String message) {
    }

    record AccountView(@Schema(example = "6f1c2a3e-8d7b-4e5f-9a0b-1c2d3e4f5a6b") UUID id,
            @Schema(example = "jan.nowak@example.com") String email, Role role, Optional<UUID> organisationId,
            Optional<UUID> pointOfSaleId) {

        static AccountView of(AccountService.Account account) {
            return new AccountView(account.id(), account.email(), account.role(), account.organisationId(),
                    account.pointOfSaleId());
        }
    }

    record SessionView(@Schema(description = "Send as Authorization: Bearer <token>",
            example = "q8n0YyZ3l2b1m4c5d6e7f8g9h0i1j2k3l4m5n6o7p8q") String token, Instant expiresAt) {
    }

    record Me(UUID id, Role role, Optional<UUID> organisationId, Optional<UUID> pointOfSaleId) {
    }

    @PostMapping("/api/v1/accounts/register")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register an applicant account with e-mail and password")
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "400", description = "Invalid e-mail or password too short (field errors)")
    @ApiResponse(responseCode = "409", description = "E-mail already registered")
    Mono<AccountView> register(@Valid @RequestBody Credentials credentials) {
        return accounts.registerApplicant(credentials.email(), credentials.password()).map(AccountView::of);
    }

    @PostMapping("/api/v1/sessions")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Log in: exchange e-mail and password for a bearer session token",
            description = "After several wrong passwords in a row the account is locked for a while (429 with Retry-After).")
    @ApiResponse(responseCode = "201", description = "Logged in")
    @ApiResponse(responseCode = "401", description = "Wrong e-mail or password")
    @ApiResponse(responseCode = "429", description = "Account locked after repeated failures")
    Mono<SessionView> login(@Valid @RequestBody Credentials credentials, ServerHttpResponse response) {
        // a bearer token in the body: no cache may keep it (as RFC 6749 §5.1 asks of the token endpoint's)
        response.getHeaders().setCacheControl(CacheControl.noStore());
        response.getHeaders().setPragma("no-cache");
        return accounts.login(credentials.email(), credentials.password())
                .map(session -> new SessionView(session.token(), session.expiresAt()));
    }

    @PostMapping("/api/v1/accounts/password-reset")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "I forgot my password: e-mail a link to set a new one",
            description = "The answer is the same whether or not the address has an account; only an account's own address is "
                    + "written to. The link (valid for a while, once) opens GET /password-reset/new; its token is the part after #. "
                    + "An address may be sent a few links an hour (429 with Retry-After after that, whatever the address).")
    @ApiResponse(responseCode = "202", description = "Sent, if the address is an account's")
    @ApiResponse(responseCode = "429", description = "Too many links to this address lately")
    Mono<ResetAccepted> requestPasswordReset(@Valid @RequestBody ResetRequest request) {
        return passwords.requestReset(request.email(), Optional.ofNullable(request.lang()).map(Locale::forLanguageTag))
                .thenReturn(new ResetAccepted("If " + AccountService.normalise(request.email()) + " is an account's address, "
                        + "a link to set a new password was sent to it"));
    }

    @PostMapping("/api/v1/accounts/password-reset/complete")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Set a new password with the token from the password-reset e-mail",
            description = "The token travels in the body, never in a URL. The password has the rules of registration. It ends "
                    + "every session of the account, clears a lockout, makes the account's other links useless, and is told "
                    + "to the address by e-mail. People use the page the link opens; this is the same for an app.")
    @ApiResponse(responseCode = "204", description = "The password is set; log in with it")
    @ApiResponse(responseCode = "400", description = "The password breaks the rules (field errors); the link still works")
    @ApiResponse(responseCode = "404", description = "Unknown, used or expired link (reset_link_not_found)")
    Mono<Void> completePasswordReset(@Valid @RequestBody NewPassword newPassword) {
        return passwords.reset(newPassword.token(), newPassword.password()).then();
    }

    @PostMapping("/api/v1/accounts/me/password")
    @Operation(summary = "Change the signed-in account's password, proven by the current one",
            description = "The current password is checked as at login (a wrong one is counted towards the lockout). The new "
                    + "one has the rules of registration. Every session of the account ends, this one too: the answer is a "
                    + "new session for the caller. The address is told by e-mail.")
    @SecurityRequirement(name = CurrentAccount.SECURITY_SCHEME)
    @ApiResponse(responseCode = "200", description = "Changed; the caller's new session")
    @ApiResponse(responseCode = "400", description = "The new password breaks the rules (field errors)")
    @ApiResponse(responseCode = "403", description = "The current password is wrong (wrong_password)")
    @ApiResponse(responseCode = "429", description = "The account is locked after wrong passwords (account_locked)")
    Mono<SessionView> changePassword(CurrentAccount caller, @Valid @RequestBody PasswordChange change,
            ServerHttpResponse response) {
        response.getHeaders().setCacheControl(CacheControl.noStore());
        response.getHeaders().setPragma("no-cache");
        return passwords.change(caller, change.currentPassword(), change.newPassword())
                .map(session -> new SessionView(session.token(), session.expiresAt()));
    }

    @DeleteMapping("/api/v1/sessions")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Log out: end the current session")
    @SecurityRequirement(name = CurrentAccount.SECURITY_SCHEME)
    Mono<Void> logout(CurrentAccount caller, ServerWebExchange exchange) {
        return CurrentAccountResolver.bearerToken(exchange).flatMap(sessions::close);
    }

    @GetMapping("/api/v1/accounts/me")
    @Operation(summary = "Who am I: the caller's account, role, organisation and point of sale")
    @SecurityRequirement(name = CurrentAccount.SECURITY_SCHEME)
    Mono<Me> me(CurrentAccount caller) {
        return Mono.just(new Me(caller.id(), caller.role(), caller.organisationId(), caller.pointOfSaleId()));
    }

    @PostMapping("/api/v1/org/operators")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an operator account at a point of sale of the admin's organisation (ORG_ADMIN)")
    @SecurityRequirement(name = CurrentAccount.SECURITY_SCHEME)
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "403", description = "Caller is not an organisation admin")
    Mono<AccountView> createOperator(@Acting(Role.ORG_ADMIN) CurrentAccount caller, @Valid @RequestBody NewOperator operator) {
        return accounts.createOperator(caller.organisation(), operator.email(), operator.password(),
                operator.pointOfSale()).map(AccountView::of);
    }

    @PostMapping("/api/v1/operator/invitations")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Invite a person to apply (OPERATOR)",
            description = "E-mails a link with a one-time token; the account created from it belongs to the "
                    + "operator's point of sale, so the operator sees its applications. With productId, the invitation "
                    + "also pays for one application for that product from the organisation's stock (POST "
                    + "/api/v1/applications/from-invitation): the stock must hold a unit now, and the unit is taken then.")
    @SecurityRequirement(name = CurrentAccount.SECURITY_SCHEME)
    @ApiResponse(responseCode = "202", description = "Invitation sent")
    @ApiResponse(responseCode = "403", description = "Caller is not an operator")
    @ApiResponse(responseCode = "409", description = "productId names a product the organisation has no unit of in stock "
            + "(insufficient_stock)")
    Mono<AccountService.Invitation> invite(@Acting(Role.OPERATOR) CurrentAccount caller, @Valid @RequestBody NewInvitation invitation) {
        return accounts.invite(caller, invitation.email(), Optional.ofNullable(invitation.productId()));
    }

    @GetMapping("/api/v1/operator/invitations")
    @Operation(summary = "The invitations of the operator's point of sale, newest first (OPERATOR)",
            description = "Each with its status: PENDING (sent, not accepted), ACCEPTED, APPLIED (the application its product "
                    + "pays for was opened), EXPIRED (never accepted) or WITHDRAWN. The invitation's token is never shown.")
    @SecurityRequirement(name = CurrentAccount.SECURITY_SCHEME)
    @ApiResponse(responseCode = "200", description = "Up to limit invitations (1 to 200, default 50), or those to email")
    @ApiResponse(responseCode = "403", description = "Caller is not an operator")
    Flux<InvitationBook.Entry> invitations(@Acting(Role.OPERATOR) CurrentAccount caller,
            @Parameter(description = "Only the invitations to this address", example = "jan.nowak@example.com")
            @RequestParam Optional<String> email,
            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > InvitationBook.MAX_LIMIT) {
            throw ApiException.badRequest("limit must be between 1 and " + InvitationBook.MAX_LIMIT);
        }
        if (email.filter(address -> address.length() > 254).isPresent()) {
            throw ApiException.badRequest("email has at most 254 characters");
        }
        return invitations.list(caller, email.filter(address -> !address.isBlank()), limit);
    }

    @PostMapping("/api/v1/operator/invitations/{id}/withdraw")
    @Operation(summary = "Withdraw an invitation that has not opened an application (OPERATOR)",
            description = "A withdrawn invitation can be neither accepted nor used to open the application its product "
                    + "would pay for (e.g. the customer cancelled). A second withdrawal answers as the first.")
    @SecurityRequirement(name = CurrentAccount.SECURITY_SCHEME)
    @ApiResponse(responseCode = "200", description = "Withdrawn")
    @ApiResponse(responseCode = "404", description = "No such invitation at the operator's point of sale")
    @ApiResponse(responseCode = "409", description = "It opened an application, or expired unaccepted (currentState)")
    Mono<InvitationBook.Entry> withdrawInvitation(@Acting(Role.OPERATOR) CurrentAccount caller, @PathVariable UUID id) {
        return invitations.withdraw(caller, id);
    }

    @PostMapping("/api/v1/invitations/accept")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Accept an invitation: set a password and get an applicant account, or join with the account "
            + "the address already has",
            description = "The token from the invitation e-mail (the part of its link after #) travels in the body, never in "
                    + "a URL. People use the page the link opens (GET /invitations); this is the same for an app. When the "
                    + "invited address already has an applicant account, the password is that account's (checked as at login: "
                    + "wrong ones counted, a locked account refused) and the account becomes the point of sale's client.")
    @ApiResponse(responseCode = "201", description = "The account (new, or the existing one now the point of sale's); log in with it")
    @ApiResponse(responseCode = "401", description = "The address has an account and this is not its password (invalid_credentials)")
    @ApiResponse(responseCode = "404", description = "Unknown, used or expired invitation")
    @ApiResponse(responseCode = "409", description = "The address's account is not an applicant's, or is another point of sale's "
            + "client (email_taken)")
    @ApiResponse(responseCode = "429", description = "The address's account is locked after wrong passwords (account_locked)")
    Mono<AccountView> accept(@Valid @RequestBody Acceptance acceptance) {
        return accounts.acceptInvitation(acceptance.token(), acceptance.password()).map(AccountView::of);
    }
}
