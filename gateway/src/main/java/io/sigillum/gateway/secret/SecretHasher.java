package io.sigillum.gateway.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Argon2id hashing for passwords and PINs, as PHC strings ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}). Hashing is
 * deliberately slow CPU work, so it runs on its own bounded scheduler, never on an event-loop thread.
 */
public final class SecretHasher {

    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final Scheduler scheduler;
    private final int memoryKib;
    private final int iterations;

    /** OWASP's minimum Argon2id setting (19 MiB, 2 passes, 1 lane) unless told otherwise. */
    public SecretHasher(Scheduler scheduler, int memoryKib, int iterations) {
        this.scheduler = scheduler;
        this.memoryKib = memoryKib;
        this.iterations = iterations;
    }

    public Mono<String> hash(String secret) {
        return Mono.fromCallable(() -> hashNow(secret)).subscribeOn(scheduler);
    }

    public Mono<Boolean> verify(String secret, String encoded) {
        return Mono.fromCallable(() -> verifyNow(secret, encoded)).subscribeOn(scheduler);
    }

    /** Blocking form, for start-up and for callers already on a worker thread. */
    public String hashNow(String secret) {
        byte[] salt = new byte[SALT_BYTES];
        Randomness.nextBytes(salt);
        byte[] hash = derive(secret, salt, memoryKib, iterations, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=1$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(hash);
    }

    /** Blocking form of {@link #verify}; a malformed encoding never matches. */
    public boolean verifyNow(String secret, String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return false;
        }
        try {
            int m = 0;
            int t = 0;
            for (String param : parts[3].split(",")) {
                String[] kv = param.split("=");
                switch (kv[0]) {
                    case "m" -> m = Integer.parseInt(kv[1]);
                    case "t" -> t = Integer.parseInt(kv[1]);
                    default -> { }
                }
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            byte[] actual = derive(secret, salt, m, t, expected.length);
            return MessageDigest.isEqual(expected, actual);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] derive(String secret, byte[] salt, int memoryKib, int iterations, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(1)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(secret.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
