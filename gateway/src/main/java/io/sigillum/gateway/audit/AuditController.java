package io.sigillum.gateway.audit;

import io.sigillum.gateway.account.Acting;
import io.sigillum.gateway.account.CurrentAccount;
import io.sigillum.gateway.account.Role;
import io.sigillum.gateway.redis.SlidingWindowLimits;
import io.sigillum.gateway.redis.SlidingWindowLimits.Limit;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Lets an operator check the audit chain end to end. A check reads every record the log holds, so an organisation's
 * operators may ask for {@value #CHECKS_PER_HOUR} an hour: any organisation's staff may ask, and the log is the QTSP's.
 */
@RestController
@Tag(name = "Operator")
class AuditController {

    static final int CHECKS_PER_HOUR = 5;

    private final AuditVerifier verifier;
    private final SlidingWindowLimits limits;

    AuditController(AuditVerifier verifier, SlidingWindowLimits limits) {
        this.verifier = verifier;
        this.limits = limits;
    }

    @Operation(summary = "Verify the audit hash chain",
            description = "OPERATOR only, 5 an hour per organisation (429 beyond). Names the first broken record, if any.")
    @SecurityRequirement(name = CurrentAccount.SECURITY_SCHEME)
    @GetMapping("/api/v1/operator/audit/verification")
    Mono<Map<String, Object>> verify(@Acting(Role.OPERATOR) CurrentAccount caller, ServerHttpRequest request) {
        if (HttpMethod.HEAD.equals(request.getMethod())) {
            // a HEAD is safe (RFC 9110 §9.2.1): it neither reads the whole log nor spends one of the hour's checks
            return Mono.just(Map.of());
        }
        String asking = caller.organisationId().map(UUID::toString).orElse(caller.id().toString());
        return limits.admit(List.of(new Limit("audit-verification:{" + asking + "}", CHECKS_PER_HOUR, Duration.ofHours(1),
                        "Too many audit chain checks for this organisation")))
                .then(verifier.verify())
                .map(result -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("intact", result.intact());
                    result.firstBrokenSeq().ifPresent(seq -> body.put("firstBrokenSeq", seq));
                    return body;
                });
    }
}
