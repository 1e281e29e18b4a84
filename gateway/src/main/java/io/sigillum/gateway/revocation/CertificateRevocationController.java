package io.sigillum.gateway.revocation;

import io.sigillum.gateway.account.Acting;
import io.sigillum.gateway.account.CurrentAccount;
import io.sigillum.gateway.account.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Revocation, suspension and release: by an operator of the issuing organisation, or by the holder with PIN + SMS code. */
@RestController
@Tag(name = "Revocation")
@SecurityRequirement(name = CurrentAccount.SECURITY_SCHEME)
class CertificateRevocationController {

    private final RevocationService service;

    CertificateRevocationController(RevocationService service) {
        this.service = service;
    }

    /** An RFC 5280 reason by its ASN.1 name; absent (or no body) is unspecified. */
    record Reason(@Schema(example = "keyCompromise") @Nullable String reason) {
        RevocationReason parsed() {
            return reason == null ? RevocationReason.UNSPECIFIED : RevocationReason.parse(reason);
        }
    }

    /** PIN and SMS code are secrets: never logged, and this record never printed with them. */
    record HolderRevocation(@NotBlank String pin, @NotBlank String otp,
            @Schema(example = "keyCompromise") @Nullable String reason) {
        @Override
        public String toString() {
            return "HolderRevocation[****]";
        }
    }

    @Operation(summary = "Revoke a credential's certificate (OPERATOR of the issuing organisation)",
            description = "For good: the credential never signs again, OCSP answers revoked, the next CRL lists it. 404 for a"
                    + " credential of another organisation; 409 when already revoked.")
    @PostMapping("/api/v1/operator/credentials/{credentialId}/revoke")
    Mono<Map<String, Object>> revoke(@Acting(Role.OPERATOR) CurrentAccount caller, @PathVariable String credentialId,
            @RequestBody(required = false) @Nullable Reason reason) {
        return service.revokeByOperator(caller, credentialId, reason == null ? RevocationReason.UNSPECIFIED : reason.parsed());
    }

    @Operation(summary = "Suspend a credential's certificate (certificateHold; OPERATOR of the issuing organisation)")
    @PostMapping("/api/v1/operator/credentials/{credentialId}/suspend")
    Mono<Map<String, Object>> suspend(@Acting(Role.OPERATOR) CurrentAccount caller, @PathVariable String credentialId) {
        return service.suspend(caller, credentialId);
    }

    @Operation(summary = "Release a suspended certificate (OPERATOR of the issuing organisation)")
    @PostMapping("/api/v1/operator/credentials/{credentialId}/release")
    Mono<Map<String, Object>> release(@Acting(Role.OPERATOR) CurrentAccount caller, @PathVariable String credentialId) {
        return service.release(caller, credentialId);
    }

    @Operation(summary = "Send the holder an SMS code for revoking their certificate (APPLICANT holding the credential)")
    @PostMapping("/api/v1/certificates/{credentialId}/revoke/challenge")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Void> challenge(@Acting(Role.APPLICANT) CurrentAccount caller, @PathVariable String credentialId) {
        return service.sendHolderCode(caller, credentialId);
    }

    @Operation(summary = "Revoke one's own certificate with PIN and the SMS code (APPLICANT holding the credential)",
            description = "404 for another holder's credential; 403 for a wrong PIN or code (wrong PINs count towards the lock).")
    @PostMapping("/api/v1/certificates/{credentialId}/revoke")
    Mono<Map<String, Object>> revokeOwn(@Acting(Role.APPLICANT) CurrentAccount caller, @PathVariable String credentialId,
            @Valid @RequestBody HolderRevocation request) {
        RevocationReason reason = request.reason() == null ? RevocationReason.UNSPECIFIED : RevocationReason.parse(request.reason());
        return service.revokeByHolder(caller, credentialId, request.pin(), request.otp(), reason);
    }
}
