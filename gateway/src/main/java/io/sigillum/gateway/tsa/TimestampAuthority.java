package io.sigillum.gateway.tsa;

import io.sigillum.gateway.ca.DerNesting;
import io.sigillum.gateway.web.ApiException;
import io.sigillum.signer.SignerException;
import io.sigillum.signer.algorithm.SignatureScheme;
import io.sigillum.signer.ca.TokenContentSigner;
import io.sigillum.signer.pool.SigningPool;
import io.sigillum.signer.token.KeyRef;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The time-stamping unit (RFC 3161): tokens signed by its key in the token, with its certificate's ESSCertIDv2, the
 * configured policy and accuracy, and serial numbers unique across instances. Signing waits on the signing pool, so
 * requests from the web run on a bounded scheduler of their own; {@link #tokenNow} is for callers already on a worker
 * thread.
 */
public final class TimestampAuthority implements AutoCloseable {

    private static final Set<ASN1ObjectIdentifier> HASHES = Set.of(TSPAlgorithms.SHA256, TSPAlgorithms.SHA384,
            TSPAlgorithms.SHA512);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final String UNIT_FAILED = "The time-stamping unit is unavailable; try again later";
    private static final String NOT_DER = "The request is not a DER TimeStampReq";
    /** A nonce of 32 octets is 256 random bits, four times what clients send (RFC 3161 sets no bound; CSC's method the same). */
    private static final int MAX_NONCE_BITS = 256;
    private static final Logger log = LoggerFactory.getLogger(TimestampAuthority.class);

    private final SigningPool pool;
    private final KeyRef key;
    private final SignatureScheme scheme;
    private final List<X509Certificate> chain;
    private final ASN1ObjectIdentifier policy;
    private final Duration accuracy;
    private final TimestampSerials serials;
    private final Clock clock;
    private final Scheduler scheduler;
    private final DigestCalculatorProvider digests;
    private final JcaCertStore certificates;
    private final GeneralName tsaName;

    /** @param chain the unit's certificate first, then its CA chain */
    TimestampAuthority(SigningPool pool, KeyRef key, SignatureScheme scheme, List<X509Certificate> chain, TsaProperties properties,
            Clock clock) {
        this.pool = pool;
        this.key = key;
        this.scheme = scheme;
        this.chain = List.copyOf(chain);
        this.policy = new ASN1ObjectIdentifier(properties.policyOid());
        this.accuracy = properties.accuracy();
        this.serials = new TimestampSerials(clock);
        this.clock = clock;
        this.scheduler = Schedulers.newBoundedElastic(properties.threads(), properties.queueCapacity(), "tsa");
        try {
            this.digests = new JcaDigestCalculatorProviderBuilder().build();
            this.certificates = new JcaCertStore(this.chain);
            this.tsaName = new GeneralName(new JcaX509CertificateHolder(this.chain.getFirst()).getSubject());
        } catch (OperatorCreationException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot set up the timestamp authority", e);
        }
    }

    /** Answers a DER {@code TimeStampReq} with a DER {@code TimeStampResp}: granted, or rejected with RFC 3161 failure info. */
    public Mono<byte[]> reply(byte[] request) {
        return onScheduler(() -> respond(request).getEncoded());
    }

    /** A token over {@code hash} (a digest by {@code hashAlgorithm}), with the nonce when given; 400 when unusable. */
    public Mono<byte[]> token(ASN1ObjectIdentifier hashAlgorithm, byte[] hash, Optional<BigInteger> nonce) {
        return onScheduler(() -> grant(hashAlgorithm, hash, nonce));
    }

    /** A token over {@code hash}, made on the calling thread (which must be allowed to block). */
    public byte[] tokenNow(ASN1ObjectIdentifier hashAlgorithm, byte[] hash) {
        return grant(hashAlgorithm, hash, Optional.empty());
    }

    /** The unit's certificate first, then its CA chain. */
    public List<X509Certificate> chain() {
        return chain;
    }

    private byte[] grant(ASN1ObjectIdentifier hashAlgorithm, byte[] hash, Optional<BigInteger> nonce) {
        TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
        requests.setCertReq(true);
        TimeStampRequest request;
        try {
            request = nonce.map(n -> requests.generate(hashAlgorithm, hash, n)).orElseGet(() -> requests.generate(hashAlgorithm, hash));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Unusable hash: " + e.getMessage());
        }
        TimeStampResponse response = respond(request);
        if (response.getTimeStampToken() == null) {
            throw unitFailed(response) ? ApiException.unavailable(response.getStatusString(), RETRY_AFTER)
                    : ApiException.badRequest("Timestamp refused: " + response.getStatusString());
        }
        try {
            return response.getTimeStampToken().getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a timestamp token", e);
        }
    }

    TimeStampResponse respond(byte[] der) {
        // nested past any TimeStampReq, it would overflow the parser's stack (checked without recursion first)
        if (!DerNesting.within(der, DerNesting.MAX_DEPTH)) {
            return failure(PKIFailureInfo.badDataFormat, NOT_DER);
        }
        TimeStampRequest request;
        try {
            request = new TimeStampRequest(der);
            // DER, as RFC 3161 asks: one encoding only (no indefinite lengths, nothing after it, no DEFAULT value sent)
            if (!Arrays.equals(der, request.toASN1Structure().getEncoded(ASN1Encoding.DER)) || certReqFalseSent(der)) {
                return failure(PKIFailureInfo.badDataFormat, NOT_DER);
            }
        } catch (IOException | RuntimeException e) {
            // whatever the parser throws at bytes that are not a TimeStampReq (empty input ends in a NullPointerException)
            return failure(PKIFailureInfo.badDataFormat, NOT_DER);
        }
        // read as ASN.1: BC's int getter throws at a version beyond an int (a hostile 2^31 was a 500)
        if (!BigInteger.ONE.equals(request.toASN1Structure().getVersion().getValue())) {
            return failure(PKIFailureInfo.badDataFormat, "Only version 1 of TimeStampReq exists (RFC 3161)");
        }
        if (request.getNonce() != null && request.getNonce().bitLength() > MAX_NONCE_BITS) {
            return failure(PKIFailureInfo.badDataFormat, "The nonce is longer than " + MAX_NONCE_BITS / 8 + " octets");
        }
        return respond(request);
    }

    /** Whether certReq is sent as FALSE, its DEFAULT, which DER leaves out (Bouncy Castle writes it back as it came). */
    private static boolean certReqFalseSent(byte[] der) {
        for (ASN1Encodable field : ASN1Sequence.getInstance(der)) {
            if (field instanceof ASN1Boolean certReq && !certReq.isTrue()) {
                return true;
            }
        }
        return false;
    }

    private TimeStampResponse respond(TimeStampRequest request) {
        try {
            TimeStampResponseGenerator responses = new TimeStampResponseGenerator(generator(), HASHES, Set.of(policy), Set.of());
            TimeStampResponse response = responses.generate(request, serials.next(), Date.from(clock.instant()));
            if (unitFailed(response)) {
                // Bouncy Castle answers any failure of the signing itself (a key missing from the token, say) with
                // systemFailure and its own message: the server's fault, said as such and logged, its details kept here
                log.warn("The time-stamping unit could not sign a token: {}", response.getStatusString());
                return failure(PKIFailureInfo.systemFailure, UNIT_FAILED);
            }
            return response;
        } catch (TSPException e) {
            // the token's failures (busy, unavailable) keep their meaning for the caller
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof SignerException signer) {
                    throw signer;
                }
            }
            throw new IllegalStateException("timestamp generation failed", e);
        }
    }

    private TimeStampTokenGenerator generator() throws TSPException {
        try {
            // a content signer carries its digest state: one per token
            TimeStampTokenGenerator generator = new TimeStampTokenGenerator(new JcaSignerInfoGeneratorBuilder(digests)
                    .build(new TokenContentSigner(pool, key, scheme), chain.getFirst()),
                    digests.get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)), policy);
            generator.setAccuracySeconds((int) accuracy.toSeconds());
            generator.setAccuracyMillis(accuracy.toMillisPart());
            generator.addCertificates(certificates);
            generator.setTSA(tsaName);
            return generator;
        } catch (OperatorCreationException | CertificateEncodingException e) {
            throw new TSPException("cannot set up the token generator", e);
        }
    }

    private static boolean unitFailed(TimeStampResponse response) {
        return response.getFailInfo() != null && (response.getFailInfo().intValue() & PKIFailureInfo.systemFailure) != 0;
    }

    private static TimeStampResponse failure(int failInfo, String text) {
        try {
            return new TimeStampResponseGenerator(null, HASHES).generateFailResponse(PKIStatus.REJECTION, failInfo, text);
        } catch (TSPException e) {
            throw new IllegalStateException("cannot encode a failure response", e);
        }
    }

    private Mono<byte[]> onScheduler(Callable<byte[]> work) {
        return Mono.fromCallable(work).subscribeOn(scheduler)
                .onErrorMap(RejectedExecutionException.class, rejected -> ApiException.unavailable(
                        "The timestamp authority is busy; retry shortly", RETRY_AFTER));
    }

    @Override
    public void close() {
        scheduler.dispose();
    }
}
