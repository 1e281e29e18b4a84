package io.sigillum.loadtests;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's dev outbox ({@code --sigillum.messaging.outbox-file}, one JSON line per message), read as the holder
 * reads an SMS: the code of the message to <em>this</em> phone written after a given point, so concurrent journeys
 * never take each other's codes. The gateway appends the line before it answers the request that sent the code, so one
 * read after that answer finds it. Reads only the tail after the offset: a few lines, not the whole file.
 */
final class Outbox {

    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]+)\"");

    private final Path file;

    Outbox(Path file) {
        this.file = file;
    }

    /** Where the outbox ends now: take it before asking for a code, pass it to {@link #codeFor}. */
    long end() {
        try {
            return Files.size(file);
        } catch (NoSuchFileException none) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The code of the last message to {@code phone} that begins at or after byte {@code after}, if there is one. */
    Optional<String> codeFor(String phone, long after) {
        Pattern to = Pattern.compile("\"to\"\\s*:\\s*\"" + Pattern.quote(phone) + "\"");
        String code = null;
        for (String line : tail(after).split("\n")) {
            Matcher matcher = CODE.matcher(line);
            if (to.matcher(line).find() && matcher.find()) {
                code = matcher.group(1);
            }
        }
        return Optional.ofNullable(code);
    }

    private String tail(long after) {
        if (!Files.exists(file)) {
            return "";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length <= after) {
                return "";
            }
            byte[] bytes = new byte[Math.toIntExact(length - after)];
            in.seek(after);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
