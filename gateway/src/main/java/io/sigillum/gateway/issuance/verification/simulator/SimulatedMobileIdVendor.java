package io.sigillum.gateway.issuance.verification.simulator;

import io.sigillum.gateway.issuance.verification.MobileIdVendor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The vendor's session API, simulated: the "link for the phone" is the simulator's own result endpoint. */
@Component
@Profile("!prod")
@ConditionalOnExpression("'${sigillum.verification.vendor-url:}' == ''")
class SimulatedMobileIdVendor implements MobileIdVendor {

    private final Environment environment;

    SimulatedMobileIdVendor(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Mono<Session> createSession(String reference, String callbackUrl) {
        return Mono.just(new Session("SIM-" + reference, VendorSimulator.baseUrl(environment)
                + "/dev/simulator/identity/" + reference));
    }
}
