package io.sigillum.gateway.issuance.verification.simulator;

import io.sigillum.gateway.issuance.verification.MobileIdVendor;
import io.sigillum.gateway.web.PublicBaseUrl;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The vendor's session API, simulated: the "link for the phone" is the simulator's own result endpoint. */
@Component
@Profile("!prod")
@ConditionalOnExpression("'${sigillum.verification.vendor-url:}' == ''")
class SimulatedMobileIdVendor implements MobileIdVendor {

    private final PublicBaseUrl gateway;

    SimulatedMobileIdVendor(PublicBaseUrl gateway) {
        this.gateway = gateway;
    }

    @Override
    public Mono<Session> createSession(String reference, String callbackUrl) {
        // a link the applicant opens, so it begins with the public base URL
        return Mono.just(new Session("SIM-" + reference, gateway.base() + "/dev/simulator/identity/" + reference));
    }
}
