package io.sigillum.gateway.audit;

import java.util.List;

/**
 * One audited event before it joins the chain.
 *
 * @param operation {@code authorize}, {@code signHash}, …
 * @param hashes the base64 digests involved, in request order (never a comma or a line break: the log joins them)
 * @param result {@code OK}, the reason it was refused, or {@code WITHHELD seq N}: the record {@code N} was committed
 *        after its deadline, when its result had already been refused to the caller
 */
public record AuditEntry(String operation, String platform, String credentialId, String userId, String sadId,
        String hashAlgorithm, List<String> hashes, String result) {

    public AuditEntry {
        hashes = List.copyOf(hashes);
        for (String hash : hashes) {
            if (hash.indexOf(',') >= 0 || hash.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("An audited hash is Base64: no comma or line break");
            }
        }
    }

    /** The hashes as the log stores and chains them: comma separated, in request order. */
    public String hashList() {
        return String.join(",", hashes);
    }
}
