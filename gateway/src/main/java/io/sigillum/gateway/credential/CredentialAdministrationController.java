package io.sigillum.gateway.credential;

import io.sigillum.gateway.account.Acting;
import io.sigillum.gateway.account.CurrentAccount;
import io.sigillum.gateway.account.Role;
import io.sigillum.gateway.audit.AuditEntry;
import io.sigillum.gateway.audit.AuditLog;
import io.sigillum.gateway.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Operator actions on signing credentials: unlocking one that too many wrong PINs locked (audited). */
@RestController
@Tag(name = "Operator")
class CredentialAdministrationController {

    private final CredentialRepository credentials;
    private final CredentialChanges changes;
    private final AuditLog audit;

    CredentialAdministrationController(CredentialRepository credentials, CredentialChanges changes, AuditLog audit) {
        this.credentials = credentials;
        this.changes = changes;
        this.audit = audit;
    }

    @Operation(summary = "Unlock a credential locked by wrong PINs", description = "OPERATOR only; 409 when it is not locked.")
    @SecurityRequirement(name = CurrentAccount.SECURITY_SCHEME)
    @PostMapping("/api/v1/operator/credentials/{credentialId}/unlock")
    Mono<Map<String, String>> unlock(@PathVariable String credentialId, @Acting(Role.OPERATOR) CurrentAccount caller) {
        // an operator sees only the credentials issued by its own organisation; any other is "not found"
        return credentials.findIssuedBy(credentialId, caller.organisation())
                .switchIfEmpty(Mono.error(ApiException.notFound("No such credential")))
                .flatMap(credential -> credentials.unlock(credentialId).flatMap(unlocked -> {
                    if (!unlocked) {
                        return Mono.error(ApiException.conflict("not_locked", "The credential is not locked",
                                Map.of("currentState", credential.status().name())));
                    }
                    // every instance, not only this one, lets it sign again at once
                    return changes.changed(credentialId)
                            .then(audit.record(new AuditEntry("unlock", "operator:" + caller.id(), credentialId,
                                    credential.userId(), "", "", List.of(), "OK")))
                            .thenReturn(Map.of("credentialID", credentialId, "status", "ACTIVE"));
                }));
    }
}
