package io.sigillum.gateway.account;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * An e-mail address the gateway writes to, and prints in documents and the operators' history: RFC 5322's dot-atom
 * before one {@code @} (letters of any script, as RFC 6531 allows) and a domain of two labels or more after it, at most
 * 64 characters before the {@code @} and 254 in all (RFC 5321 §4.5.3.1). No quoted local part, space, control or
 * formatting character (a right-to-left override would show another address), no markup. {@code null} is valid, as
 * for every constraint but {@code @NotNull}.
 */
@Documented
@Pattern(regexp = Mailbox.SYNTAX)
@Size(max = 254)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({FIELD, METHOD, PARAMETER})
@Retention(RUNTIME)
public @interface Mailbox {

    /** An atom of RFC 5322's {@code atext}, letters and digits of any script included. */
    String ATOM = "[\\p{L}\\p{Nd}!#$%&'*+/=?^_`{|}~-]+";
    /** A domain label: letters and digits, inner hyphens, at most 63 characters. */
    String LABEL = "[\\p{L}\\p{Nd}](?:[\\p{L}\\p{Nd}-]{0,61}[\\p{L}\\p{Nd}])?";
    String SYNTAX = "(?=[^@]{1,64}@)" + ATOM + "(?:\\." + ATOM + ")*@" + LABEL + "(?:\\." + LABEL + ")+";

    String message() default "an e-mail address: letters, digits and !#$%&'*+/=?^_`{|}~.- before one @, a domain such as "
            + "example.com after it; no spaces, control or formatting characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
