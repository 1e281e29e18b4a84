package io.sigillum.gateway.signdoc;

import eu.europa.esig.dss.alert.exception.AlertException;
import eu.europa.esig.dss.enumerations.MimeType;
import eu.europa.esig.dss.enumerations.MimeTypeEnum;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.DigestDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import io.sigillum.gateway.auth.PlatformPrincipal;
import io.sigillum.gateway.ca.CaLocations;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.csc.AuthorizedSigning;
import io.sigillum.gateway.csc.wire.CscErrors;
import io.sigillum.gateway.csc.wire.EnvelopeProperty;
import io.sigillum.gateway.csc.wire.SignDocRequest;
import io.sigillum.gateway.csc.wire.SignDocResponse;
import io.sigillum.gateway.csc.wire.SignatureFormat;
import io.sigillum.gateway.csc.wire.SignatureProfile;
import io.sigillum.gateway.revocation.RevocationData;
import io.sigillum.gateway.tsa.TimestampAuthority;
import io.sigillum.gateway.tsa.TsaProperties;
import io.sigillum.signer.algorithm.DigestAlgorithm;
import io.sigillum.signer.ca.CertificateAuthority;
import io.sigillum.signer.pool.ReactiveSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import eu.europa.esig.dss.pades.exception.InvalidPasswordException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * signDoc: every document (or digest) parsed and prepared by DSS first, so a document that cannot be signed spends
 * nothing; then, through {@link AuthorizedSigning}, the SAD spent over the digests of the documents as sent, the DSS
 * data-to-be-signed digests signed on the pool, the signatures finished by DSS (timestamped at level T), audited, and
 * only then released.
 */
@Service
class DocumentSigning {

    private static final int MAX_REASON = 200;
    /** One or more "a.b.SomeException: " prefixes, as {@code Throwable.toString()} of wrapped causes writes them. */
    private static final Pattern JAVA_CLASS_PREFIX = Pattern.compile("^((?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*: )+");
    private static final Pattern JAVA_CLASS_NAME = Pattern.compile("(?:[a-z_$][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error)");

    private final AuthorizedSigning pipeline;
    private final ReactiveSigner signer;
    private final DssWork work;
    private final DssSignatures dss;
    private final TimestampAuthority timestampAuthority;
    private final RevocationData revocation;
    private final boolean builtInTimestamps;
    private final Clock clock;

    DocumentSigning(AuthorizedSigning pipeline, ReactiveSigner signer, DssWork work, TimestampAuthority timestampAuthority,
            TsaProperties tsa, RevocationData revocation, CaLocations locations, CertificateAuthority ca, Clock clock) {
        this.pipeline = pipeline;
        this.signer = signer;
        this.work = work;
        this.timestampAuthority = timestampAuthority;
        this.builtInTimestamps = tsa.url().isEmpty();
        this.revocation = revocation;
        this.dss = new DssSignatures(TimestampSources.of(tsa, timestampAuthority), RevocationSources.of(revocation, locations),
                ca.chain().getLast());
        this.clock = clock;
    }

    Mono<SignDocResponse> sign(PlatformPrincipal platform, SignDocRequest request) {
        List<Item> items = items(request);
        return pipeline.usableCredential(platform, request.credentialId(), "signDoc")
                .flatMap(credential -> {
                    for (Item item : items) {
                        if (item.profile().scheme().keyType() != credential.keyAlgorithm().keyType()) {
                            return Mono.error(CscErrors.invalidRequest("Invalid parameter signAlgo (" + item.where()
                                    + "): the credential's key is " + credential.keyAlgorithm().keyType()));
                        }
                    }
                    return work.admit(work.run(() -> prepare(credential, request, items))
                            .flatMap(prepared -> pipeline.spendAndSign(platform, credential, request.sad(),
                                    spending(request, prepared), () -> signAndFinish(credential, prepared))))
                            .flatMap(outputs -> response(request, credential, outputs));
                });
    }

    /** One signature to make: a whole document or one digest, where it came from in the request, and how. */
    private record Item(String where, SignatureProfile profile, byte[] content, boolean digestOnly) {
    }

    private record Batch(List<DssSignatures.Prepared> signatures, List<String> authorizedHashes, List<SignatureProfile> profiles,
            List<String> wheres) {
    }

    private static List<Item> items(SignDocRequest request) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < request.documents().size(); i++) {
            SignDocRequest.DocumentToSign document = request.documents().get(i);
            items.add(new Item("documents[" + i + "]", document.profile(), document.content(), false));
        }
        for (int i = 0; i < request.documentDigests().size(); i++) {
            SignDocRequest.DigestsToSign digests = request.documentDigests().get(i);
            for (int h = 0; h < digests.hashes().size(); h++) {
                items.add(new Item("documentDigests[" + i + "].hashes[" + h + "]", digests.profile(),
                        digests.hashes().digests().get(h), true));
            }
        }
        return items;
    }

    private Batch prepare(Credential credential, SignDocRequest request, List<Item> items) {
        // whole seconds: a CMS signing-time (UTCTime) has no fraction, so every format states the same instant
        Date signingTime = Date.from(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        List<DssSignatures.Prepared> prepared = new ArrayList<>(items.size());
        List<String> hashes = new ArrayList<>(items.size());
        List<SignatureProfile> profiles = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            String name = "document-" + (i + 1);
            DSSDocument document = item.digestOnly()
                    ? new DigestDocument(eu.europa.esig.dss.enumerations.DigestAlgorithm.forOID(request.hashAlgorithm().oid()),
                            item.content(), name)
                    : new InMemoryDocument(item.content(), name, mimeTypeOf(item.content()));
            hashes.add(Base64.getEncoder().encodeToString(item.digestOnly() ? item.content()
                    : digest(request.hashAlgorithm(), item.content())));
            SignatureProfile profile = profileFor(item);
            profiles.add(profile);
            prepared.add(prepareOne(item, profile, document, credential.certificateChain(), signingTime));
        }
        return new Batch(prepared, hashes, profiles, items.stream().map(Item::where).toList());
    }

    /**
     * The profile a document is signed with: as asked, but a PDF already signed is signed Revision when Certification
     * was only the default — a certification signature must be a document's first (ISO 32000-1 §12.8.2.2.1), so the
     * second signer of a PDF gets an approval signature rather than a refusal; asked for by name, it is refused.
     */
    private static SignatureProfile profileFor(Item item) {
        SignatureProfile profile = item.profile();
        if (profile.format() != SignatureFormat.PADES || profile.envelope() != EnvelopeProperty.CERTIFICATION
                || !looksLikePdf(item.content()) || !alreadySigned(item.content())) {
            return profile;
        }
        if (profile.envelopeNamed()) {
            throw CscErrors.invalidRequest("Invalid parameter signed_envelope_property (" + item.where() + "): the PDF is "
                    + "signed already, and a certification signature must be its first (ISO 32000-1 12.8.2.2.1); sign it Revision");
        }
        return profile.withDefaultEnvelope(EnvelopeProperty.REVISION);
    }

    private DssSignatures.Prepared prepareOne(Item item, SignatureProfile profile, DSSDocument document, List<X509Certificate> chain,
            Date signingTime) {
        if (item.profile().format() == SignatureFormat.PADES && !looksLikePdf(item.content())) {
            throw CscErrors.invalidRequest("Invalid document (" + item.where() + "): not a PDF");
        }
        if (!item.digestOnly() && item.profile().envelope() == EnvelopeProperty.ENVELOPED
                && XmlProlog.declaresDocumentType(item.content())) {
            throw CscErrors.invalidRequest("Invalid document (" + item.where() + "): an XML document with a document type "
                    + "declaration (<!DOCTYPE>) cannot be signed enveloped; DTDs and entities are refused (sign it Detached or "
                    + "Enveloping, or without the DOCTYPE)");
        }
        if (!item.digestOnly() && item.profile().envelope() == EnvelopeProperty.ENVELOPED
                && XmlProlog.holdsSignatureElementThatIsNotOnlyASignature(item.content())) {
            throw CscErrors.invalidRequest("Invalid document (" + item.where() + "): a ds:Signature in it is not only a "
                    + "signature (no SignedInfo, or content of its own), and an enveloped signature leaves it unsigned (sign it "
                    + "Enveloping or Detached)");
        }
        try {
            return dss.prepare(document, profile, chain, signingTime);
        } catch (RuntimeException e) {
            if (causedBy(e, InvalidPasswordException.class)
                    || causedBy(e, org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException.class)) {
                throw CscErrors.invalidRequest("Invalid document (" + item.where() + "): the PDF is encrypted");
            }
            String as = "signature_format " + item.profile().format().code() + ", signed_envelope_property "
                    + item.profile().envelope().wireName();
            if (item.profile().envelope() == EnvelopeProperty.ENVELOPED && XmlProlog.isXml(item.content())) {
                // XML the library will not parse to sign it inside: UTF-16, white space before the prolog, elements
                // nested deeper than 100 or more than 200 attributes on one (the JDK's parser limits)
                throw CscErrors.invalidRequest("Invalid document (" + item.where() + "): XML that cannot be signed "
                        + "Enveloped (UTF-16, text before the declaration, over 100 levels or 200 attributes?): sign it "
                        + "Enveloping or Detached");
            }
            throw CscErrors.invalidRequest("Invalid document (" + item.where() + "): cannot be signed with " + as + ": "
                    + reason(e));
        }
    }

    private Mono<List<byte[]>> signAndFinish(Credential credential, Batch batch) {
        return Flux.fromIterable(batch.signatures())
                .flatMapSequential(prepared -> signer.sign(credential.key(), prepared.scheme(), prepared.digest()))
                .collectList()
                .flatMap(values -> work.run(() -> IntStream.range(0, values.size())
                        .mapToObj(i -> finish(batch, i, values.get(i))).toList()));
    }

    /**
     * Finishes one signature. From B-T on, DSS checks the signature it made and, at B-LT and B-LTA, the document's other
     * signatures, and refuses (an alert) what the document makes impossible: another signer whose certificates do not
     * chain to this QTSP (no validation data to be had here), an earlier signature by a revoked certificate, one already
     * taken to a higher level, a signature that does not verify in its document. That is the document's doing: a 400
     * (the grant it spent is given back), not a server error. Revocation data missing for this QTSP's own chains is
     * not: the stores did not answer, and that stays a failure of the gateway's.
     */
    private byte[] finish(Batch batch, int index, byte[] value) {
        try {
            return batch.signatures().get(index).finish().apply(value);
        } catch (AlertException refused) {
            String reason = refused.getMessage() == null ? "" : refused.getMessage();
            String where = "Invalid document (" + batch.wheres().get(index) + "): ";
            if (reason.contains("untrusted certificate chain")) {
                throw CscErrors.invalidRequest(where + "it carries signatures whose certificates do not chain to this QTSP, "
                        + "and their validation data cannot be gathered here for B-LT or B-LTA; sign it at B-T");
            }
            if (reason.contains("Revocation data is missing")) {
                throw refused;
            }
            throw CscErrors.invalidRequest(where + "cannot be signed at " + batch.profiles().get(index).level().wireName()
                    + ": " + reason(refused));
        }
    }

    private static AuthorizedSigning.Spending spending(SignDocRequest request, Batch batch) {
        Set<String> profiles = new LinkedHashSet<>();
        batch.profiles().forEach(profile -> profiles.add(profile.format().code() + ":" + profile.level().wireName() + ":"
                + profile.envelope().wireName() + ":" + profile.scheme().algorithm().oid()));
        Set<String> algorithms = new LinkedHashSet<>();
        batch.profiles().forEach(profile -> algorithms.add(profile.scheme().algorithm().oid()));
        return new AuthorizedSigning.Spending("signDoc", String.join(",", profiles) + "/" + request.hashAlgorithm().oid(),
                request.hashAlgorithm().oid(), algorithms.size() == 1 ? algorithms.iterator().next() : "",
                batch.authorizedHashes());
    }

    private Mono<SignDocResponse> response(SignDocRequest request, Credential credential, List<byte[]> outputs) {
        List<String> encoded = outputs.stream().map(Base64.getEncoder()::encodeToString).toList();
        Mono<Optional<SignDocResponse.ValidationInfo>> validation = request.returnValidationInfo()
                ? validationInfo(request, credential).map(Optional::of) : Mono.just(Optional.empty());
        if (request.documents().isEmpty()) {
            return validation.map(info -> new SignDocResponse(null, encoded, info.orElse(null)));
        }
        // CSC: DocumentWithSignature holds the documents with their signatures in them (enveloped, enveloping, attached,
        // PDF), SignatureObject the signatures detached from them; each in the order of the request
        List<String> withSignature = new ArrayList<>();
        List<String> detached = new ArrayList<>();
        for (int i = 0; i < encoded.size(); i++) {
            boolean apart = request.documents().get(i).profile().envelope() == EnvelopeProperty.DETACHED;
            (apart ? detached : withSignature).add(encoded.get(i));
        }
        return validation.map(info -> new SignDocResponse(withSignature.isEmpty() ? null : withSignature,
                detached.isEmpty() ? null : detached, info.orElse(null)));
    }

    /**
     * What a relying party needs to validate the signatures: the certificates (the signer's chain, and the time-stamping
     * unit's when a built-in timestamp is in them), the OCSP answers about the signer's and the unit's certificates and
     * the CRLs of every CA above them — the revocation data levels LT and LTA embed, whatever the level asked for.
     */
    private Mono<SignDocResponse.ValidationInfo> validationInfo(SignDocRequest request, Credential credential) {
        List<X509Certificate> chain = credential.certificateChain();
        List<X509Certificate> certificates = new ArrayList<>(chain);
        List<List<X509Certificate>> chains = new ArrayList<>(List.of(chain));
        boolean timestamped = request.documents().stream().anyMatch(d -> d.profile().level().timestamped())
                || request.documentDigests().stream().anyMatch(d -> d.profile().level().timestamped());
        if (timestamped && builtInTimestamps) {
            timestampAuthority.chain().stream().filter(c -> !certificates.contains(c)).forEach(certificates::add);
            chains.add(timestampAuthority.chain());
        }
        Set<X509Certificate> issuers = new LinkedHashSet<>();
        chains.forEach(each -> issuers.addAll(each.subList(Math.min(each.size(), 1), each.size())));
        Mono<List<String>> ocsp = Flux.fromIterable(chains).filter(each -> each.size() > 1)
                .concatMap(each -> revocation.ocsp(each.get(0), each.get(1)))
                .map(Base64.getEncoder()::encodeToString).collectList();
        // a CRL from every CA above an end entity: the issuing CA's, and the root's for the issuing CA certificate
        Mono<List<String>> crls = Flux.fromIterable(issuers).concatMap(revocation::crl)
                .map(Base64.getEncoder()::encodeToString).distinct().collectList();
        return Mono.zip(ocsp, crls).map(found -> new SignDocResponse.ValidationInfo(found.getT1(), found.getT2(),
                certificates.stream().map(DocumentSigning::der).toList()));
    }

    private static String der(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a stored certificate cannot be encoded", e);
        }
    }

    /** Whether a PDF holds a signature already; one PDFBox cannot read is left to DSS, which refuses it with its reason. */
    private static boolean alreadySigned(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return !document.getSignatureDictionaries().isEmpty();
        } catch (IOException unreadable) {
            return false;
        }
    }

    /**
     * The media type of a whole document, told by its content (signDoc names none), for what the signature says of the
     * data it signs (XAdES DataObjectFormat, the CAdES mimeType attribute, JAdES cty: EN 319 132-1 §5.2.4): a relying
     * party's software opens the signed data as what it is, not as octets.
     */
    private static MimeType mimeTypeOf(byte[] content) {
        if (looksLikePdf(content)) {
            return MimeTypeEnum.PDF;
        }
        if (XmlProlog.isXml(content)) {
            return MimeTypeEnum.XML;
        }
        String head = new String(content, 0, Math.min(content.length, 64), StandardCharsets.ISO_8859_1).stripLeading();
        return head.startsWith("{") || head.startsWith("[") ? MimeTypeEnum.JSON : MimeTypeEnum.BINARY;
    }

    private static boolean looksLikePdf(byte[] content) {
        // PDF readers accept the header within the first 1024 bytes
        String head = new String(content, 0, Math.min(content.length, 1024), StandardCharsets.ISO_8859_1);
        return head.contains("%PDF-");
    }

    private static byte[] digest(DigestAlgorithm algorithm, byte[] content) {
        try {
            return MessageDigest.getInstance(algorithm.jcaName()).digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " missing from the JDK", e);
        }
    }

    /**
     * The first line of the library's message, without the Java class names it prefixes to a wrapped cause
     * ("java.io.IOException: Missing root object…" reads "Missing root object…"): the client is told what is wrong with
     * its document, not which of our classes noticed.
     */
    private static String reason(Throwable failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        String line = JAVA_CLASS_PREFIX.matcher(message.lines().findFirst().orElse("").strip()).replaceFirst("");
        if (line.isEmpty() || JAVA_CLASS_NAME.matcher(line).matches()) {
            return "the document could not be read";
        }
        return line.length() > MAX_REASON ? line.substring(0, MAX_REASON) + "…" : line;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
