package io.sigillum.gateway.audit;

import io.sigillum.gateway.account.Acting;
import io.sigillum.gateway.account.CurrentAccount;
import io.sigillum.gateway.account.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Lets an operator check the audit chain end to end. */
@RestController
@Tag(name = "Operator")
class AuditController {

    private final AuditVerifier verifier;

    AuditController(AuditVerifier verifier) {
        this.verifier = verifier;
    }

    @Operation(summary = "Verify the audit hash chain", description = "OPERATOR only. Names the first broken record, if any.")
    @SecurityRequirement(name = CurrentAccount.SECURITY_SCHEME)
    @GetMapping("/api/v1/operator/audit/verification")
    Mono<Map<String, Object>> verify(@Acting(Role.OPERATOR) CurrentAccount caller) {
        return verifier.verify().map(result -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("intact", result.intact());
            result.firstBrokenSeq().ifPresent(seq -> body.put("firstBrokenSeq", seq));
            return body;
        });
    }
}
