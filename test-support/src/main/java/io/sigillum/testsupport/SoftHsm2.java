package io.sigillum.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh SoftHSM2 token for a test JVM, in the directory of {@code SOFTHSM2_CONF} (surefire points it at a file under
 * target/): the directory is wiped, a configuration written and one token initialised. Never a system token.
 */
public final class SoftHsm2 {

    /** The SoftHSM2 PKCS#11 module as Debian and Ubuntu install it. */
    public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    private static final String SO_PIN = "5678";

    private SoftHsm2() {
    }

    /**
     * Wipes the SoftHSM2 directory and initialises one token labelled {@code label} with user PIN {@code pin}. Call it
     * before any PKCS#11 provider in this JVM loads the module: SoftHSM2 reads its token directory once.
     */
    public static void initialiseToken(String label, String pin) {
        if (!Files.isReadable(LIBRARY)) {
            throw new IllegalStateException("SoftHSM2 missing: apt-get install -y softhsm2 opensc");
        }
        Path conf = conf();
        Path dir = conf.getParent();
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Path tokens = Files.createDirectories(dir.resolve("tokens"));
            Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
                    + "log.level = ERROR\nslots.removable = false\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the SoftHSM2 directory " + dir, e);
        }
        Processes.run("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", SO_PIN);
    }

    /** The configuration file SoftHSM2 reads, refused unless it lies under target/. */
    public static Path conf() {
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null || !conf.contains("target")) {
            throw new IllegalStateException("SOFTHSM2_CONF must point under target/ (surefire sets it); refusing to "
                    + "touch a system token");
        }
        return Path.of(conf);
    }
}
