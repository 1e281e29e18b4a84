package io.sigillum.gateway.revocation;

import io.sigillum.gateway.ca.CaLocations;
import io.sigillum.gateway.web.ApiException;
import io.sigillum.signer.ca.CertificateAuthority;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What the CA publishes for relying parties, without authentication: its CRL, its certificate and its OCSP responder,
 * each in its protocol's media type whatever the client's Accept says (RFC 9110 §12.5.1 lets a server disregard it).
 */
@RestController
@Tag(name = "Certificate authority")
class CaPublicationController {

    static final String OCSP_REQUEST = "application/ocsp-request";
    static final String OCSP_RESPONSE = "application/ocsp-response";
    static final String CRL = "application/pkix-crl";
    static final String CERTIFICATE = "application/pkix-cert";
    private static final CacheControl CERTIFICATE_CACHING = CacheControl.maxAge(Duration.ofDays(1)).cachePublic().noTransform();

    private final CrlPublishers crls;
    private final OcspResponder ocsp;
    private final CertificateAuthority ca;
    private final Duration cacheTtl;
    private final Clock clock;

    CaPublicationController(CrlPublishers crls, OcspResponder ocsp, CertificateAuthority ca, RevocationProperties properties,
            Clock clock) {
        this.crls = crls;
        this.ocsp = ocsp;
        this.ca = ca;
        this.cacheTtl = properties.ocspCacheTtl();
        this.clock = clock;
    }

    /**
     * RFC 5019 §6.2: a cache serves an answer (or a CRL) no longer than it is fresh, and then asks again; never past its
     * nextUpdate, after which it says nothing current.
     */
    private CacheControl cacheable(Optional<Instant> nextUpdate) {
        return CacheControl.maxAge(maxAge(clock.instant(), nextUpdate, cacheTtl)).cachePublic().noTransform().mustRevalidate();
    }

    /** The cache lifetime, or the time left until nextUpdate when that is shorter (none once it has passed). */
    static Duration maxAge(Instant now, Optional<Instant> nextUpdate, Duration cacheTtl) {
        return nextUpdate.map(next -> Duration.between(now, next)).map(left -> left.isNegative() ? Duration.ZERO : left)
                .filter(left -> left.compareTo(cacheTtl) < 0).orElse(cacheTtl);
    }

    @Operation(summary = "The issuing CA's current CRL (DER)",
            responses = @ApiResponse(responseCode = "200", description = "The CRL", content = @Content(mediaType = CRL,
                    schema = @Schema(type = "string", format = "binary"))))
    @GetMapping(CaLocations.CRL_PATH)
    Mono<ResponseEntity<byte[]>> crl(ServerWebExchange exchange) {
        return crls.issuing().current().map(this::crlResponse).map(ok -> unlessAnyCurrent(exchange, ok));
    }

    @Operation(summary = "The root CA's current CRL (DER; an ARL), when the gateway holds the root key; 404 otherwise",
            responses = @ApiResponse(responseCode = "200", description = "The CRL", content = @Content(mediaType = CRL,
                    schema = @Schema(type = "string", format = "binary"))))
    @GetMapping(CaLocations.ROOT_CRL_PATH)
    Mono<ResponseEntity<byte[]>> rootCrl(ServerWebExchange exchange) {
        return crls.root().map(CrlPublisher::current).orElseGet(() -> Mono.error(ApiException.notFound("No root CRL here")))
                .map(this::crlResponse).map(ok -> unlessAnyCurrent(exchange, ok));
    }

    /** A CRL with its issue time and a tag, so that a relying party's cache revalidates it with a 304 (If-None-Match). */
    private ResponseEntity<byte[]> crlResponse(byte[] der) {
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(MediaType.parseMediaType(CRL)).eTag(etag(der));
        try {
            X509CRLHolder crl = new X509CRLHolder(der);
            ok.lastModified(crl.getThisUpdate().toInstant())
                    .cacheControl(cacheable(Optional.ofNullable(crl.getNextUpdate()).map(Date::toInstant)));
        } catch (IOException notReadable) {
            // the gateway's own CRL, made and checked at publication: served untimed rather than not at all
            ok.cacheControl(cacheable(Optional.empty()));
        }
        return ok.body(der);
    }

    /**
     * The certificate does not change while this CA issues under it: a day's freshness, and its tag and start of
     * validity, so that a cache revalidates it with a 304.
     */
    @Operation(summary = "The issuing CA's certificate (DER), as named in AIA caIssuers",
            responses = @ApiResponse(responseCode = "200",
                    description = "The certificate",
                    content = @Content(mediaType = CERTIFICATE,
                    schema = @Schema(type = "string", format = "binary"))))
    @GetMapping(CaLocations.ISSUER_PATH)
    ResponseEntity<byte[]> issuer(ServerWebExchange exchange) throws CertificateEncodingException {
        return unlessAnyCurrent(exchange, certificate(ca.chain().getFirst()));
    }

    /**
     * The root of the chain, for a relying party to try things with (an {@code openssl} trust anchor); one that trusts
     * the QTSP takes it from its trusted list, not from here. 404 when the chain ends below a root the gateway does not
     * hold.
     */
    @Operation(summary = "The root CA's certificate (DER), when the chain ends in a self-signed root; 404 otherwise",
            responses = @ApiResponse(responseCode = "200",
                    description = "The certificate",
                    content = @Content(mediaType = CERTIFICATE,
                    schema = @Schema(type = "string", format = "binary"))))
    @GetMapping(CaLocations.ROOT_PATH)
    ResponseEntity<byte[]> root(ServerWebExchange exchange) throws CertificateEncodingException {
        X509Certificate last = ca.chain().getLast();
        if (!last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
            throw ApiException.notFound("No root certificate here");
        }
        return unlessAnyCurrent(exchange, certificate(last));
    }

    /**
     * RFC 9110 §13.1.2: {@code If-None-Match: *} on a GET is false when a current representation exists, as it does
     * here: 304 with the validators. (Spring answers a listed tag itself, but not the wildcard.)
     */
    private static ResponseEntity<byte[]> unlessAnyCurrent(ServerWebExchange exchange, ResponseEntity<byte[]> ok) {
        boolean any = exchange.getRequest().getHeaders().getOrEmpty(HttpHeaders.IF_NONE_MATCH).stream()
                .flatMap(value -> Arrays.stream(value.split(","))).anyMatch(tag -> tag.strip().equals("*"));
        return any ? ResponseEntity.status(HttpStatus.NOT_MODIFIED).headers(ok.getHeaders()).build() : ok;
    }

    private ResponseEntity<byte[]> certificate(X509Certificate certificate) throws CertificateEncodingException {
        byte[] der = certificate.getEncoded();
        return ResponseEntity.ok().cacheControl(CERTIFICATE_CACHING).contentType(MediaType.parseMediaType(CERTIFICATE))
                .eTag(etag(der)).lastModified(certificate.getNotBefore().toInstant()).body(der);
    }

    @Operation(summary = "OCSP over HTTP POST (RFC 6960 A.1): a DER OCSPRequest in, a DER OCSPResponse out",
            responses = @ApiResponse(responseCode = "200",
                    description = "The OCSPResponse, also for a malformed request (its status says so)",
                    content = @Content(mediaType = OCSP_RESPONSE,
                            schema = @Schema(type = "string", format = "binary"))))
    @PostMapping(path = CaLocations.OCSP_PATH, consumes = OCSP_REQUEST)
    Mono<ResponseEntity<byte[]>> ocspPost(@RequestBody(required = false) byte @Nullable [] request) {
        // no body is as malformed as a bad one: the answer is an OCSP status, not an HTTP error
        return ocsp.respond(request == null ? new byte[0] : request).map(der -> ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .contentType(MediaType.parseMediaType(OCSP_RESPONSE)).body(der));
    }

    @Operation(summary = "OCSP over HTTP GET (RFC 6960 A.1): the Base64 of the DER OCSPRequest, URL-encoded, after the path",
            responses = @ApiResponse(responseCode = "200",
                    description = "The OCSPResponse, also for a malformed request (its status says so)",
                    content = @Content(mediaType = OCSP_RESPONSE,
                            schema = @Schema(type = "string", format = "binary"))))
    @GetMapping(CaLocations.OCSP_PATH + "/{*request}")
    Mono<ResponseEntity<byte[]>> ocspGet(@PathVariable String request) {
        byte[] der;
        try {
            der = Base64.getDecoder().decode(request.startsWith("/") ? request.substring(1) : request);
        } catch (IllegalArgumentException notBase64) {
            der = new byte[0];
        }
        return ocsp.respond(der).map(answer -> {
            ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(MediaType.parseMediaType(OCSP_RESPONSE));
            // a signed answer may be cached briefly, with the time it was made, when it expires and a tag a cache can
            // revalidate with (RFC 5019 §6.2); an unsigned refusal (malformedRequest, tryLater) says nothing to keep
            return freshness(answer).map(fresh -> ok.cacheControl(cacheable(fresh.nextUpdate().map(ZonedDateTime::toInstant)))
                            .lastModified(fresh.producedAt())
                            .eTag(etag(answer)).headers(headers -> fresh.nextUpdate().ifPresent(headers::setExpires)))
                    .orElseGet(() -> ok.cacheControl(CacheControl.noStore())).body(answer);
        });
    }

    /** When a successful OCSP response was produced and when its earliest single response expires. */
    private record Freshness(Instant producedAt, Optional<ZonedDateTime> nextUpdate) {
    }

    /** A strong tag of one OCSP answer, CRL or certificate: the first 128 bits of its SHA-256, in hex. */
    private static String etag(byte[] answer) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(answer), 0, 16) + "\"";
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("Every Java platform has SHA-256", impossible);
        }
    }

    /** When a successful OCSP response was produced and expires; empty for an unsuccessful one. */
    private static Optional<Freshness> freshness(byte[] answer) {
        try {
            OCSPResp response = new OCSPResp(answer);
            if (response.getStatus() != OCSPResp.SUCCESSFUL || !(response.getResponseObject() instanceof BasicOCSPResp basic)) {
                return Optional.empty();
            }
            Optional<ZonedDateTime> nextUpdate = Arrays.stream(basic.getResponses()).map(SingleResp::getNextUpdate)
                    .filter(Objects::nonNull).min(Comparator.naturalOrder())
                    .map(next -> next.toInstant().atZone(ZoneOffset.UTC));
            return Optional.of(new Freshness(basic.getProducedAt().toInstant(), nextUpdate));
        } catch (IOException | OCSPException e) {
            return Optional.empty();
        }
    }
}
