package io.sigillum.gateway.operations;

import io.sigillum.gateway.account.Acting;
import io.sigillum.gateway.account.CurrentAccount;
import io.sigillum.gateway.account.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.ReactiveHealthEndpointWebExtension;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The full health report — every component, the signing token's provider, versions — for operators only. The public
 * {@code /actuator/health} probe answers everyone with UP or DOWN and nothing more ({@code show-details:
 * when-authorized}, and no request there is ever authorized); this endpoint asks the same health endpoint on behalf
 * of an authenticated operator.
 */
@RestController
@Tag(name = "Operator")
class OperatorHealthController {

    private final ReactiveHealthEndpointWebExtension health;

    OperatorHealthController(ReactiveHealthEndpointWebExtension health) {
        this.health = health;
    }

    @Operation(summary = "Health with every component and its details (OPERATOR)", responses = {
        @ApiResponse(responseCode = "200", description = "UP", content = @Content(mediaType = "application/json",
                schema = @Schema(type = "object", description = "The actuator's health: status, components (each with its "
                        + "status and details) and groups"))),
        @ApiResponse(responseCode = "503", description = "DOWN or OUT_OF_SERVICE: the same body", content = @Content(
                mediaType = "application/json", schema = @Schema(type = "object")))})
    @SecurityRequirement(name = CurrentAccount.SECURITY_SCHEME)
    @GetMapping("/api/v1/operator/health")
    Mono<ResponseEntity<HealthDescriptor>> health(@Acting(Role.OPERATOR) CurrentAccount caller) {
        return health.health(ApiVersion.LATEST, WebServerNamespace.SERVER, new OperatorContext(caller))
                .map(response -> ResponseEntity.status(response.getStatus()).body(response.getBody()));
    }

    /** The operator as the actuator's security context: known, so details are shown. */
    private record OperatorContext(CurrentAccount operator) implements SecurityContext {

        @Override
        public Principal getPrincipal() {
            return () -> "operator:" + operator.id();
        }

        @Override
        public boolean isUserInRole(String role) {
            return role.equals(Role.OPERATOR.name());
        }
    }
}
