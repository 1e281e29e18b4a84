package io.sigillum.gateway.revocation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sigillum.gateway.ca.CertificateRegistry;
import io.sigillum.gateway.ca.CertificateState;
import io.sigillum.gateway.ca.DerNesting;
import io.sigillum.gateway.web.ApiException;
import io.sigillum.gateway.web.ErrorClassifier;
import io.sigillum.signer.SignerException;
import io.sigillum.signer.algorithm.SignatureScheme;
import io.sigillum.signer.ca.TokenContentSigner;
import io.sigillum.signer.pool.SigningPool;
import io.sigillum.signer.token.KeyRef;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPRequest;
import org.bouncycastle.asn1.ocsp.RevokedInfo;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The issuing CA's OCSP responder (RFC 6960, with the RFC 5019 profile's habits): answers {@code good}, {@code revoked}
 * (time and reason; a suspension is revoked with certificateHold) or {@code unknown} (a serial the CA never issued, or
 * another issuer) from {@code certificate_status}, signed by the delegated responder key in the token, nonce echoed.
 * Requests that are not a DER OCSPRequest, too big or asking about too many certificates get {@code malformedRequest};
 * a busy token gets {@code tryLater}. Answers to requests without a nonce are reused for a short while.
 */
public final class OcspResponder {

    private static final Logger log = LoggerFactory.getLogger(OcspResponder.class);
    /** RFC 8954: a nonce is 1 to 32 octets (plus the OCTET STRING header inside the extension value). */
    private static final int MAX_NONCE_ENCODING = 34;

    private final SigningPool pool;
    private final KeyRef key;
    private final SignatureScheme scheme;
    private final List<X509Certificate> chain;
    private final X509CertificateHolder[] responderChain;
    private final X509CertificateHolder issuer;
    private final CertificateRegistry registry;
    private final RevocationProperties properties;
    private final Clock clock;
    private final RevocationWork work;
    private final DigestCalculatorProvider digests;
    private final Cache<String, byte[]> answers;
    private final byte[] malformed;
    private final byte[] tryLater;
    private final byte[] internalError;

    /** @param chain the responder's certificate first, then the issuing CA (whose certificates it answers for), then the root */
    OcspResponder(SigningPool pool, KeyRef key, SignatureScheme scheme, List<X509Certificate> chain, CertificateRegistry registry,
            RevocationProperties properties, Clock clock, RevocationWork work) {
        this.pool = pool;
        this.key = key;
        this.scheme = scheme;
        this.chain = List.copyOf(chain);
        this.registry = registry;
        this.properties = properties;
        this.clock = clock;
        this.work = work;
        this.answers = Caffeine.newBuilder().expireAfterWrite(properties.ocspCacheTtl()).maximumSize(10_000).build();
        try {
            this.responderChain = new X509CertificateHolder[] {new JcaX509CertificateHolder(chain.getFirst())};
            this.issuer = new JcaX509CertificateHolder(chain.get(1));
            this.digests = new JcaDigestCalculatorProviderBuilder().build();
            this.malformed = unsigned(OCSPRespBuilder.MALFORMED_REQUEST);
            this.tryLater = unsigned(OCSPRespBuilder.TRY_LATER);
            this.internalError = unsigned(OCSPRespBuilder.INTERNAL_ERROR);
        } catch (CertificateEncodingException | OperatorCreationException e) {
            throw new IllegalStateException("cannot set up the OCSP responder", e);
        }
    }

    /** Answers a DER OCSPRequest with a DER OCSPResponse; never fails (failures are OCSP response statuses). */
    public Mono<byte[]> respond(byte[] der) {
        // nested past any OCSPRequest, it would overflow the stack of the parser (on this event loop): told without recursion
        if (der.length > properties.ocspMaxRequestSize().toBytes() || !DerNesting.within(der, DerNesting.MAX_DEPTH)) {
            return Mono.just(malformed.clone());
        }
        Req[] asked;
        Extension nonce;
        try {
            // exactly one OCSPRequest: bytes after it (which OCSPReq's own parser ignores) make the request malformed; and
            // in DER, as RFC 6960 §4.1.1 defines it: one encoding only (no long-form or indefinite lengths, no DEFAULT sent)
            ASN1Primitive parsed = ASN1Primitive.fromByteArray(der);
            if (!Arrays.equals(der, parsed.getEncoded(ASN1Encoding.DER)) || defaultVersionSent(parsed)) {
                return Mono.just(malformed.clone());
            }
            OCSPRequest structure = OCSPRequest.getInstance(parsed);
            OCSPReq request = new OCSPReq(structure);
            asked = request.getRequestList();
            nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (asked.length == 0 || asked.length > properties.ocspMaxCertificates() || !understood(structure, request)
                    || nonce != null && !wellFormedNonce(nonce)) {
                return Mono.just(malformed.clone());
            }
            for (Req req : asked) {
                readWhole(req.getCertID());
            }
        } catch (IOException | RuntimeException e) {
            // Bouncy Castle reads the inner structures only when asked for them, and a field of the wrong type (an
            // issuerNameHash tagged [0], a CertID of two fields) fails there with a ClassCastException or the like: all
            // of it is the request's fault, answered malformedRequest (RFC 6960 §2.3), never a server error
            return Mono.just(malformed.clone());
        }
        Optional<String> cacheKey = nonce == null ? Optional.of(Base64.getEncoder().encodeToString(der)) : Optional.empty();
        byte[] cached = cacheKey.map(answers::getIfPresent).orElse(null);
        if (cached != null) {
            return Mono.just(cached.clone());
        }
        return Flux.fromArray(asked).concatMap(req -> answer(req.getCertID())).collectList()
                .flatMap(found -> work.run(() -> sign(found, Optional.ofNullable(nonce))))
                .doOnNext(signed -> cacheKey.ifPresent(k -> answers.put(k, signed.clone())))
                .onErrorResume(this::failure);
    }

    /**
     * Whether the TBSRequest carries its version v1 explicitly: DER leaves a DEFAULT value out, and Bouncy Castle writes it
     * back as it was read, so the re-encoding alone does not tell.
     */
    private static boolean defaultVersionSent(ASN1Primitive request) {
        ASN1Sequence tbs = ASN1Sequence.getInstance(ASN1Sequence.getInstance(request).getObjectAt(0));
        return tbs.size() > 0 && tbs.getObjectAt(0) instanceof ASN1TaggedObject tagged && tagged.getTagNo() == 0
                && ASN1Integer.getInstance(tagged.getExplicitBaseObject()).hasValue(0);
    }

    /**
     * Whether this responder can answer the request as sent: version 1, the only one RFC 6960 defines (read as ASN.1:
     * a version beyond an int must not throw), and no critical extension it does not know, at the request or at any
     * certificate in it (RFC 6960 §4.4 lets only non-critical ones be ignored).
     */
    private static boolean understood(OCSPRequest structure, OCSPReq request) {
        if (structure.getTbsRequest().getVersion().getValue().signum() != 0) {
            return false;
        }
        if (unknownCritical(structure.getTbsRequest().getRequestExtensions())) {
            return false;
        }
        for (Req req : request.getRequestList()) {
            if (unknownCritical(req.getSingleRequestExtensions())) {
                return false;
            }
        }
        return true;
    }

    private static boolean unknownCritical(@Nullable Extensions extensions) {
        if (extensions == null) {
            return false;
        }
        for (ASN1ObjectIdentifier oid : extensions.getCriticalExtensionOIDs()) {
            if (!oid.equals(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 8954: the nonce is an OCTET STRING of 1 to 32 octets, its DER the extension's value. */
    private static boolean wellFormedNonce(Extension nonce) {
        byte[] value = nonce.getExtnValue().getOctets();
        if (value.length > MAX_NONCE_ENCODING) {
            return false;
        }
        try {
            return ASN1OctetString.getInstance(value).getOctets().length >= 1;
        } catch (RuntimeException notAnOctetString) {
            // a nonce sent as bare octets, as some clients did before RFC 8954: echoed as it came, when not empty
            return value.length >= 1;
        }
    }

    /** Reads every field of a CertID, so that one of the wrong type fails here rather than while it is answered. */
    private static void readWhole(CertificateID id) {
        id.getHashAlgOID();
        id.getIssuerNameHash();
        id.getIssuerKeyHash();
        id.getSerialNumber();
        id.toASN1Primitive().getHashAlgorithm().getParameters();
    }

    /** Drops this instance's reused answers, so a revocation shows at once here. */
    void forget() {
        answers.invalidateAll();
    }

    /** The responder's certificate first, then its CA chain. */
    public List<X509Certificate> chain() {
        return chain;
    }

    private Mono<Answer> answer(CertificateID id) {
        if (!issuedByUs(id)) {
            return Mono.just(new Answer(id, new UnknownStatus()));
        }
        return registry.find(id.getSerialNumber())
                .map(state -> new Answer(id, status(state)))
                .defaultIfEmpty(new Answer(id, new UnknownStatus()));
    }

    private boolean issuedByUs(CertificateID id) {
        try {
            return id.matchesIssuer(issuer, digests);
        } catch (OCSPException | RuntimeException unsupportedHash) {
            return false;
        }
    }

    private static CertificateStatus status(CertificateState state) {
        return switch (state.status()) {
            case GOOD -> CertificateStatus.GOOD;
            case REVOKED, SUSPENDED -> revoked(Date.from(state.revokedAt().orElseThrow()), state.reason().orElseThrow());
        };
    }

    /**
     * Revoked at {@code at}, for {@code reason}; an unspecified (0) reason is left out, as the CRL leaves out its entry's
     * reason code (RFC 5280 §5.3.1: absent rather than unspecified), so that both answers say the same.
     */
    private static RevokedStatus revoked(Date at, int reason) {
        return reason == CRLReason.unspecified ? new RevokedStatus(new RevokedInfo(new ASN1GeneralizedTime(at), null))
                : new RevokedStatus(at, reason);
    }

    /** Blocks on the signing pool: runs on {@link RevocationWork}. */
    private byte[] sign(List<Answer> found, Optional<Extension> nonce) throws OCSPException, IOException, OperatorCreationException {
        Instant now = clock.instant();
        BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(responderChain[0].getSubjectPublicKeyInfo(),
                digests.get(CertificateID.HASH_SHA1));
        Date thisUpdate = Date.from(now);
        Date nextUpdate = Date.from(now.plus(properties.ocspValidity()));
        for (Answer answer : found) {
            builder.addResponse(answer.id(), answer.status(), thisUpdate, nextUpdate, null);
        }
        nonce.ifPresent(n -> builder.setResponseExtensions(new Extensions(n)));
        return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL,
                builder.build(new TokenContentSigner(pool, key, scheme), responderChain, thisUpdate)).getEncoded();
    }

    private Mono<byte[]> failure(Throwable failure) {
        // Bouncy Castle wraps the token's failures (busy, unavailable): those mean "ask again shortly"
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SignerException || cause instanceof ApiException) {
                return Mono.just(tryLater.clone());
            }
        }
        if (ErrorClassifier.isStoreOutage(failure)) {
            // the certificates' status lives in PostgreSQL: while it does not answer, "ask again shortly" (RFC 6960 §2.3)
            log.warn("OCSP answered tryLater: a store is unavailable ({})", failure.toString());
            return Mono.just(tryLater.clone());
        }
        log.error("OCSP answer failed", failure);
        return Mono.just(internalError.clone());
    }

    private static byte[] unsigned(int status) {
        try {
            return new OCSPRespBuilder().build(status, null).getEncoded();
        } catch (OCSPException | IOException e) {
            throw new IllegalStateException("cannot encode an OCSP status", e);
        }
    }

    private record Answer(CertificateID id, CertificateStatus status) {
    }
}
