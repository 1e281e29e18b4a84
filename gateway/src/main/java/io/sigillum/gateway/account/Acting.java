package io.sigillum.gateway.account;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles a {@link CurrentAccount} parameter must have, checked as the caller is resolved: before the request's body
 * is read or validated, so that a caller in another role gets its 403 whatever it sent (and learns nothing of what the
 * endpoint would take).
 */
@Documented
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface Acting {

    /** One of these. */
    Role[] value();
}
