package io.sigillum.gateway.issuance.application;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Initialises {@link PhoneNumber} (libphonenumber's metadata, read from its jar) at start-up: otherwise the first
 * applicant data would read it on an event-loop thread.
 */
@Component
class PhoneNumberWarmup implements SmartInitializingSingleton {

    @Override
    public void afterSingletonsInstantiated() {
        PhoneNumber.parse("+48605935754");
    }
}
