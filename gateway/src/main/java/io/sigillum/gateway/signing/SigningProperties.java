package io.sigillum.gateway.signing;

import io.sigillum.gateway.config.DevSecrets;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The signing token and the pool in front of it.
 *
 * @param token {@code software} (keys in an encrypted PKCS#12 file; the embedded default) or {@code pkcs11}
 * @param softwareKeystore the software token's key file
 * @param keystorePassword the software token's file password (dev default; set it in production)
 * @param pkcs11Library the PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
 * @param pkcs11TokenLabel the token to use, by label (else {@code pkcs11SlotIndex})
 * @param pkcs11SlotIndex the token to use, by slot list index
 * @param pkcs11Pin the user PIN of the token
 * @param workers signing threads; 0 picks the token's recommendation (the core count)
 * @param queueCapacity requests waiting for a worker before new ones are refused (503 + Retry-After)
 * @param operationTimeout the longest a request may wait and run
 * @param keyCacheSize key handles the pool keeps loaded (least recently used evicted), so a signature never searches the token
 * @param inlineSignatures on the software token, requests of at most this many EC signatures are signed on the thread
 *     that asks (no hand-off to a worker and back); 0 sends every signature to the workers
 */
@ConfigurationProperties("sigillum.signing")
@Validated
public record SigningProperties(@DefaultValue("software") @NotNull TokenType token,
        @DefaultValue(".data/token/keys.p12") @NotNull Path softwareKeystore,
        @DefaultValue(DevSecrets.KEYSTORE_PASSWORD) @NotNull String keystorePassword,
        @DefaultValue Optional<String> pkcs11Library, @DefaultValue Optional<String> pkcs11TokenLabel,
        @DefaultValue("0") @Min(0) int pkcs11SlotIndex, @DefaultValue Optional<String> pkcs11Pin,
        @DefaultValue("0") @Min(0) int workers, @DefaultValue("4096") @Min(1) int queueCapacity,
        @DefaultValue("5s") @NotNull Duration operationTimeout, @DefaultValue("10000") @Min(16) int keyCacheSize,
        @DefaultValue("4") @Min(0) @Max(16) int inlineSignatures) {

    /** Which token backs the pool. */
    public enum TokenType { SOFTWARE, PKCS11 }
}
