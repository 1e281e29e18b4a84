package io.sigillum.gateway.audit;

import java.util.List;

/**
 * One audited event before it joins the chain.
 *
 * @param operation {@code authorize}, {@code signHash}, …
 * @param hashes the base64 digests involved, in request order
 * @param result {@code OK} or the reason it was refused
 */
public record AuditEntry(String operation, String platform, String credentialId, String userId, String sadId,
        String hashAlgorithm, List<String> hashes, String result) {

    public AuditEntry {
        hashes = List.copyOf(hashes);
    }
}
