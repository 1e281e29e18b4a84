package io.sigillum.gateway.oauth2;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A validated authorization request: which platform asks, where the answer goes, the PKCE challenge it must prove, and
 * what the holder is asked to approve. Nothing here is trusted before {@link AuthorizationRequestReader} checked it.
 *
 * @param platformId the requesting platform
 * @param clientId its client id
 * @param platformName its name, shown to the holder
 * @param redirectUri the registered redirect URI the answer goes to (matched exactly, or by the loopback rule)
 * @param state the client's opaque state, returned as sent
 * @param codeChallenge the PKCE S256 challenge
 * @param scope what is asked for
 * @param lang the page's language, {@code pl} or {@code en}; empty when the request did not say (the browser's choice)
 * @param credential for {@code credential}: the credential and the hashes
 */
record RequestedAuthorization(UUID platformId, String clientId, String platformName, String redirectUri, Optional<String> state,
        String codeChallenge, AuthorizationScope scope, String lang, Optional<CredentialRequest> credential) {

    /** The same request for the credential the holder's sign-in chose. */
    RequestedAuthorization withCredentialId(String chosen) {
        return new RequestedAuthorization(platformId, clientId, platformName, redirectUri, state, codeChallenge, scope,
                lang, credential.map(wanted -> wanted.withCredentialId(chosen)));
    }

    /** The same request shown in {@code language}, whatever the request said (the page's own URL named it). */
    RequestedAuthorization withLanguage(String language) {
        return new RequestedAuthorization(platformId, clientId, platformName, redirectUri, state, codeChallenge, scope,
                language, credential);
    }

    /** The same request shown in the browser's language, unless the request named one. */
    RequestedAuthorization inLanguage(String browserLanguage) {
        return lang.isEmpty() ? new RequestedAuthorization(platformId, clientId, platformName, redirectUri, state, codeChallenge,
                scope, browserLanguage, credential) : this;
    }

    /**
     * What the holder approves with PIN and SMS code.
     *
     * @param credentialId the credential to be used; empty when the client named a signature qualifier instead (CSC's
     *        {@code signatureQualifier}), until the holder's sign-in chooses one of their credentials
     * @param numSignatures how many signatures the approval allows
     * @param hashAlgorithmOid the algorithm of the hashes
     * @param documents the hashes (canonical standard Base64) with their labels, in request order
     * @param description the platform's description of the transaction, shown to the holder
     * @param authorizationDetails the RFC 9396 details as requested (JSON array), echoed in the token response
     * @param signAlgorithmOid the signature algorithm the holder approves (a CSC 2.2 detail's {@code signAlgo}), if named:
     *        the grant then signs with no other
     */
    record CredentialRequest(String credentialId, int numSignatures, String hashAlgorithmOid, List<DocumentDigest> documents,
            Optional<String> description, Optional<String> authorizationDetails, Optional<String> signAlgorithmOid) {

        CredentialRequest {
            documents = List.copyOf(documents);
        }

        List<String> hashes() {
            return documents.stream().map(DocumentDigest::hash).toList();
        }

        CredentialRequest withSignAlgorithm(Optional<String> oid) {
            return new CredentialRequest(credentialId, numSignatures, hashAlgorithmOid, documents, description,
                    authorizationDetails, oid);
        }

        /** Whether the holder's credential is still to be chosen (the client named a signature qualifier). */
        boolean byQualifier() {
            return credentialId.isEmpty();
        }

        CredentialRequest withCredentialId(String chosen) {
            return new CredentialRequest(chosen, numSignatures, hashAlgorithmOid, documents, description,
                    authorizationDetails, signAlgorithmOid);
        }
    }

    /** One hash to be signed and the label the holder sees for it. */
    record DocumentDigest(String hash, Optional<String> label) {
    }
}
