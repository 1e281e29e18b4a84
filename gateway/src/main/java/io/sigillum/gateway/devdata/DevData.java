package io.sigillum.gateway.devdata;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Profile;

/**
 * Marks a component that seeds development data: it exists only outside the {@code prod} profile and while
 * {@code sigillum.dev-data.enabled} (see {@link DevDataProperties}) is true, its default.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Profile("!prod")
@ConditionalOnBooleanProperty(name = "sigillum.dev-data.enabled", matchIfMissing = true)
public @interface DevData {
}
