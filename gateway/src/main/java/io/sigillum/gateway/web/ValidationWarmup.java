package io.sigillum.gateway.web;

import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Makes the validator read its message bundles at start-up: otherwise the first invalid request would read them from
 * the jar on an event-loop thread.
 */
@Component
class ValidationWarmup implements SmartInitializingSingleton {

    private final Validator validator;

    ValidationWarmup(Validator validator) {
        this.validator = validator;
    }

    @Override
    public void afterSingletonsInstantiated() {
        validator.validate(new Sample(null));
    }

    private record Sample(@NotNull @Nullable String value) {
    }
}
