package io.sigillum.gateway.secret;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Cost of hashing passwords and PINs (Argon2id), and how many may be hashed at once.
 *
 * @param argon2MemoryKib Argon2id memory per hash in KiB (OWASP minimum 19456)
 * @param argon2Iterations Argon2id passes
 * @param hashingThreads threads that may hash at once (each holds the memory above)
 */
@ConfigurationProperties("sigillum.secret-hashing")
@Validated
public record SecretHashingProperties(@DefaultValue("19456") @Min(1024) int argon2MemoryKib,
        @DefaultValue("2") @Min(1) int argon2Iterations,
        @DefaultValue("2") @Min(1) int hashingThreads) {
}
