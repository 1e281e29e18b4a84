package io.sigillum.gateway.csc.wire;

import io.sigillum.signer.algorithm.DigestAlgorithm;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code credentials/extendTransaction}: a fresh lifetime for a SAD of this credential; with {@code hashes}, the new SAD
 * is bound to them (CSC: "preventing an authorization to be used to sign a different hash than the one authorized"),
 * which must be among those the holder authorized, of the SAD's algorithm ({@code hashAlgorithmOID}, when named).
 *
 * @param hashAlgorithm the algorithm named for the hashes, if any
 * @param hashes the hashes, if any
 */
public record ExtendRequest(CredentialId credentialId, Sad sad, Optional<DigestAlgorithm> hashAlgorithm,
        Optional<Hashes> hashes) {

    public static ExtendRequest read(CscRequest request, int maxHashes) {
        CredentialId credentialId = CredentialId.read(request);
        Sad sad = Sad.read(request);
        Optional<DigestAlgorithm> hashAlgorithm = request.optionalString("hashAlgorithmOID")
                .map(oid -> DigestAlgorithm.fromOid(oid).orElseThrow(() -> CscErrors.invalidParameter("hashAlgorithmOID")));
        if (!request.has("hashes")) { // an empty array names no new hashes: refused below, not taken for "keep the grant's"
            if (hashAlgorithm.isPresent()) {
                throw CscErrors.invalidRequest("hashAlgorithmOID without hashes: name the new hashes it is for");
            }
            return new ExtendRequest(credentialId, sad, Optional.empty(), Optional.empty());
        }
        Hashes hashes = hashAlgorithm
                .map(algorithm -> Hashes.read(request, algorithm.digestLength(), maxHashes, "Empty hash array"))
                .orElseGet(() -> Hashes.read(request, Arrays.stream(DigestAlgorithm.values()).map(DigestAlgorithm::digestLength)
                        .collect(Collectors.toSet()), maxHashes, "Empty hash array"));
        return new ExtendRequest(credentialId, sad, hashAlgorithm, Optional.of(hashes));
    }

    @Override
    public String toString() {
        return "ExtendRequest[" + credentialId + ", " + hashes.map(Hashes::size).orElse(0) + " new hashes]";
    }
}
