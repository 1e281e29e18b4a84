package io.sigillum.gateway.issuance.activation;

import io.sigillum.gateway.account.Acting;
import io.sigillum.gateway.account.CurrentAccount;
import io.sigillum.gateway.account.Role;
import io.sigillum.gateway.issuance.application.ApplicationView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The holder sets the PIN of the issued credential. */
@RestController
@Tag(name = "Activation", description = "Set the 8-digit PIN once; the credential becomes ACTIVE")
@SecurityRequirement(name = CurrentAccount.SECURITY_SCHEME)
class ActivationController {

    private final ActivationService service;

    ActivationController(ActivationService service) {
        this.service = service;
    }

    /** The PIN is a secret: never logged, and this record never printed with it. */
    @Schema(name = "ChosenPin")
    record Pin(@Schema(example = "40271953", pattern = "^[0-9]{8}$",
            description = "Exactly 8 digits: not one digit repeated, a run (12345678, 87654321), a block repeated (12121212, "
                    + "12341234), two halves of one digit each (11112222), the holder's date of birth or eight digits of "
                    + "their PESEL") @NotBlank String pin) {
        @Override
        public String toString() {
            return "Pin[****]";
        }
    }

    @PostMapping("/api/v1/applications/{id}/activation")
    @Operation(summary = "Set the 8-digit PIN: CERTIFICATE_ISSUED → ACTIVE (APPLICANT)",
            description = "Once only: a second attempt answers 409. The credential is then usable through the CSC API.")
    @ApiResponse(responseCode = "200", description = "Active")
    @ApiResponse(responseCode = "400", description = "Not 8 digits, or a pattern, or the holder's date of birth or PESEL")
    @ApiResponse(responseCode = "409", description = "Already active (currentState)")
    Mono<ApplicationView> activate(@Acting(Role.APPLICANT) CurrentAccount caller, @PathVariable UUID id, @Valid @RequestBody Pin pin) {
        // no Idempotency-Key: a replayed answer would let a retry look like a second, accepted PIN
        return service.activate(caller, id, pin.pin());
    }
}
