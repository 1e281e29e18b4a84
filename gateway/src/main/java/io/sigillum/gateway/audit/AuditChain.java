package io.sigillum.gateway.audit;

import io.sigillum.gateway.secret.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

/** How a record's hash is made: SHA-256 over the previous hash and every field, length-prefixed so fields cannot blur. */
final class AuditChain {

    static final String GENESIS = "GENESIS";

    private AuditChain() {
    }

    /** {@code hashList} is {@link AuditEntry#hashList()}, passed in so that a caller who stores it joins it once. */
    static String hash(String previousHash, long seq, Instant recordedAt, AuditEntry entry, String hashList) {
        MessageDigest digest = Sha256.threadDigest();
        for (String field : new String[] {previousHash, Long.toString(seq), recordedAt.toString(), entry.operation(),
                entry.platform(), entry.credentialId(), entry.userId(), entry.sadId(), entry.hashAlgorithm(),
                hashList, entry.result()}) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) ':');
            digest.update(bytes);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
