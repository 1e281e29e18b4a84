package io.sigillum.signer.testing;

import io.sigillum.signer.token.pkcs11.Pkcs11Config;
import io.sigillum.signer.token.pkcs11.Pkcs11Token;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh SoftHSM2 token for this test JVM, in the directory named by {@code SOFTHSM2_CONF} (set by surefire to a file
 * under target/). Initialised once, before any PKCS#11 provider loads the module; never a system token.
 */
public final class SoftHsm {

    public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    public static final String LABEL = "sigillum-test";
    public static final String PIN = "1234";
    private static final String SO_PIN = "5678";

    private static Pkcs11Token token;

    private SoftHsm() {
    }

    /** The shared token of this JVM, opened by label. Never closed: logging out would break every other user. */
    public static synchronized Pkcs11Token token() {
        if (token == null) {
            initialise();
            token = Pkcs11Token.open(Pkcs11Config.byTokenLabel(LIBRARY, LABEL, PIN.toCharArray()));
        }
        return token;
    }

    public static Path conf() {
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null || !conf.contains("target")) {
            throw new IllegalStateException("SOFTHSM2_CONF must point under target/ (surefire sets it); refusing to "
                    + "touch a system token");
        }
        return Path.of(conf);
    }

    private static void initialise() {
        if (!Files.isReadable(LIBRARY)) {
            throw new IllegalStateException("SoftHSM2 missing: apt-get install -y softhsm2 opensc");
        }
        try {
            Path conf = conf();
            Path dir = conf.getParent();
            if (Files.exists(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Path tokens = Files.createDirectories(dir.resolve("tokens"));
            Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
                    + "log.level = ERROR\nslots.removable = false\n");
            Processes.run("softhsm2-util", "--init-token", "--free", "--label", LABEL, "--pin", PIN, "--so-pin", SO_PIN);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the SoftHSM2 directory", e);
        }
    }
}
