package io.sigillum.gateway.seal;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The QTSP's electronic seal.
 *
 * @param keyAlias the seal key in the token (its stored chain: seal, issuing CA, root); created with its certificate from
 *        the built-in CA on first start when the CA may create keys ({@code sigillum.ca.create-if-missing})
 * @param commonName CN of the seal certificate (C and O are the CA's)
 * @param organizationIdentifier the QTSP's organizationIdentifier (ETSI EN 319 412-1, e.g. {@code VATPL-} and its NIP)
 * @param certificateValidity lifetime of a created seal certificate (never beyond the issuing CA's)
 */
@ConfigurationProperties("sigillum.seal")
@Validated
public record SealProperties(@DefaultValue("qtsp-seal") @NotBlank String keyAlias,
        @DefaultValue("Sigillum Test QTSP Seal") @NotBlank String commonName,
        @DefaultValue("VATPL-0000000000") @NotBlank String organizationIdentifier,
        @DefaultValue("1825d") @NotNull Duration certificateValidity) {
}
