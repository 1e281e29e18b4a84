package io.sigillum.gateway.csc.wire;

import io.sigillum.signer.algorithm.DigestAlgorithm;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code signatures/signDoc}: either whole {@code documents} for the gateway to sign in an AdES format, or
 * {@code documentDigests} to be signed as detached signatures, with the SAD that allows it (absent when a credential
 * token stands for it). The SAD binds to the digest, by {@code hashAlgorithm}, of each whole document as sent (or to the
 * given digests): one signature each.
 *
 * @param hashAlgorithm the algorithm of the digests the SAD was authorized for ({@code hashAlgorithmOID}, SHA-256 by
 *        default for documents; the documentDigests' own otherwise)
 */
public record SignDocRequest(CredentialId credentialId, Optional<Sad> sad, DigestAlgorithm hashAlgorithm,
        List<DocumentToSign> documents, List<DigestsToSign> documentDigests, boolean returnValidationInfo) {

    public SignDocRequest {
        documents = List.copyOf(documents);
        documentDigests = List.copyOf(documentDigests);
    }

    /** Limits on what one call may carry. */
    public record Limits(int maxDocuments, long maxDocumentBytes, int maxHashes) {
    }

    /** A whole document and how to sign it. */
    public record DocumentToSign(byte[] content, SignatureProfile profile) {

        @Override
        public String toString() {
            return "DocumentToSign[" + content.length + " bytes, " + profile + "]";
        }
    }

    /** Digests of documents to sign as detached signatures, one per digest. */
    public record DigestsToSign(Hashes hashes, SignatureProfile profile) {
    }

    public static SignDocRequest read(CscRequest request, Limits limits) {
        if (request.has("signatureQualifier") && !request.has("credentialID")) {
            throw CscErrors.invalidRequest("signatureQualifier is not supported; send credentialID");
        }
        // beside credentialID it may only say what the credential is
        request.optionalString("signatureQualifier").filter(qualifier -> !qualifier.equals(CredentialInfo.QUALIFIED))
                .ifPresent(qualifier -> {
                    throw CscErrors.invalidRequest("signatureQualifier does not match the credential's ("
                            + CredentialInfo.QUALIFIED + ")");
                });
        CredentialId credentialId = CredentialId.read(request);
        Optional<Sad> sad = Sad.readOptional(request);
        request.requireSynchronous();
        List<CscRequest> documents = request.objects("documents");
        List<CscRequest> digests = request.objects("documentDigests");
        if (documents.isEmpty() == digests.isEmpty()) {
            throw CscErrors.invalidRequest("Send either documents or documentDigests (exactly one of them, not empty)");
        }
        boolean validationInfo = request.optionalBoolean("returnValidationInfo", false);
        if (!documents.isEmpty()) {
            DigestAlgorithm algorithm = request.optionalString("hashAlgorithmOID")
                    .map(oid -> DigestAlgorithm.fromOid(oid).orElseThrow(() -> CscErrors.invalidParameter("hashAlgorithmOID")))
                    .orElse(DigestAlgorithm.SHA256);
            return new SignDocRequest(credentialId, sad, algorithm, readDocuments(documents, limits), List.of(), validationInfo);
        }
        List<DigestsToSign> read = readDigests(digests, limits);
        return new SignDocRequest(credentialId, sad, read.getFirst().profile().scheme().digest(), List.of(), read, validationInfo);
    }

    private static List<DocumentToSign> readDocuments(List<CscRequest> items, Limits limits) {
        if (items.size() > limits.maxDocuments()) {
            throw CscErrors.tooLarge("Too many documents: at most " + limits.maxDocuments() + " per call");
        }
        List<DocumentToSign> documents = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            CscRequest item = items.get(i);
            String encoded = item.requiredString("document");
            // Base64 takes 4 characters for 3 bytes: refuse before decoding what could not fit anyway
            if (encoded.length() / 4 * 3 > limits.maxDocumentBytes() + 3) {
                throw tooLarge(i, limits);
            }
            byte[] content;
            try {
                content = Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw CscErrors.invalidRequest("Invalid Base64 document (documents[" + i + "])");
            }
            if (content.length == 0) {
                throw CscErrors.invalidRequest("Empty document (documents[" + i + "])");
            }
            if (content.length > limits.maxDocumentBytes()) {
                throw tooLarge(i, limits);
            }
            documents.add(new DocumentToSign(content, SignatureProfile.read(item)));
        }
        return documents;
    }

    private static List<DigestsToSign> readDigests(List<CscRequest> items, Limits limits) {
        if (items.size() > limits.maxDocuments()) {
            throw CscErrors.tooLarge("Too many documentDigests: at most " + limits.maxDocuments() + " per call");
        }
        List<DigestsToSign> digests = new ArrayList<>(items.size());
        int total = 0;
        for (CscRequest item : items) {
            DigestAlgorithm algorithm = DigestAlgorithm.fromOid(item.requiredString("hashAlgorithmOID"))
                    .orElseThrow(() -> CscErrors.invalidParameter("hashAlgorithmOID"));
            // a signature over a digest cannot hold the document: Detached, unless the request names another (refused)
            SignatureProfile profile = SignatureProfile.read(item, Optional.of(EnvelopeProperty.DETACHED));
            if (profile.format() == SignatureFormat.PADES) {
                throw CscErrors.invalidRequest("Invalid parameter signature_format: PAdES needs the document (documents), "
                        + "not its digest");
            }
            if (profile.envelope() != EnvelopeProperty.DETACHED) {
                throw CscErrors.invalidRequest("Invalid parameter signed_envelope_property: a signature over documentDigests "
                        + "is Detached (the document itself is not sent, so nothing can be enveloped or attached)");
            }
            if (profile.level() == ConformanceLevel.B_LTA) {
                // an archive timestamp covers the signed data itself, which a digest is not (nor in every algorithm)
                throw CscErrors.invalidRequest("Invalid parameter conformance_level: AdES-B-LTA needs the document "
                        + "(documents), not its digest; over documentDigests the levels go up to AdES-B-LT");
            }
            if (profile.scheme().digest() != algorithm) {
                throw CscErrors.invalidRequest("Invalid parameter signAlgo: a detached signature over documentDigests signs "
                        + "with their hashAlgorithmOID");
            }
            if (!digests.isEmpty() && digests.getFirst().profile().scheme().digest() != algorithm) {
                throw CscErrors.invalidRequest("Invalid parameter hashAlgorithmOID: one SAD covers one hash algorithm; "
                        + "every documentDigests entry must use the same");
            }
            Hashes hashes = Hashes.read(item, algorithm.digestLength(), limits.maxHashes(), "Empty hash array");
            total += hashes.size();
            if (total > limits.maxHashes()) {
                throw CscErrors.invalidRequest("Too many hashes: at most " + limits.maxHashes() + " per call");
            }
            digests.add(new DigestsToSign(hashes, profile));
        }
        return digests;
    }

    private static RuntimeException tooLarge(int index, Limits limits) {
        return CscErrors.tooLarge("Document too large (documents[" + index + "]): at most " + limits.maxDocumentBytes()
                + " bytes");
    }

    @Override
    public String toString() {
        return "SignDocRequest[" + credentialId + ", " + documents.size() + " documents, " + documentDigests.size()
                + " digest groups]";
    }
}
