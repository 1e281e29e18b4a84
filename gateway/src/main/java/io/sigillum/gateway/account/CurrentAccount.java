package io.sigillum.gateway.account;

import io.sigillum.gateway.web.ApiException;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/**
 * The authenticated caller of an {@code /api/v1} endpoint, resolved from its bearer session. A handler that declares a
 * parameter of this type is authenticated; one without it is public.
 *
 * @param id the account
 * @param role what it may do
 * @param organisationId the organisation of an admin or operator
 * @param pointOfSaleId an operator's point of sale; for an applicant, the point of sale that invited it
 */
public record CurrentAccount(UUID id, Role role, Optional<UUID> organisationId, Optional<UUID> pointOfSaleId) {

    /** The OpenAPI name of the bearer-session scheme, for {@code @SecurityRequirement} on authenticated endpoints. */
    public static final String SECURITY_SCHEME = "session";

    /** Refuses the call with 403 unless the caller has one of the roles. */
    public CurrentAccount require(Role... roles) {
        if (Arrays.asList(roles).contains(role)) {
            return this;
        }
        throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "This endpoint is not available to role " + role);
    }

    /** The organisation of an admin or operator; refuses (403) any other caller. */
    public UUID organisation() {
        return organisationId.orElseThrow(() -> new ApiException(HttpStatus.FORBIDDEN, "forbidden",
                "This endpoint needs an organisation account"));
    }

    /** An operator's point of sale; refuses (403) any other caller. */
    public UUID pointOfSale() {
        require(Role.OPERATOR);
        return pointOfSaleId.orElseThrow(() -> new ApiException(HttpStatus.FORBIDDEN, "forbidden",
                "This operator has no point of sale"));
    }
}
