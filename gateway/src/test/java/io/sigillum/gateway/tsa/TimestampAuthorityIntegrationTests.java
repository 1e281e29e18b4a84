package io.sigillum.gateway.tsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.NestedDer;
import io.sigillum.gateway.support.PlatformIntegrationTest;
import io.sigillum.gateway.web.ApiException;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.ca.TokenContentSigner;
import io.sigillum.signer.pool.SigningPool;
import io.sigillum.signer.token.KeyRef;
import io.sigillum.testsupport.Processes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.tsp.MessageImprint;
import org.bouncycastle.asn1.tsp.TimeStampReq;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** The built-in timestamp authority over HTTP: RFC 3161 as openssl speaks it, unique serials, CSC signatures/timestamp. */
class TimestampAuthorityIntegrationTests extends PlatformIntegrationTest {

    private static final MediaType QUERY = MediaType.parseMediaType("application/timestamp-query");

    @TempDir
    Path dir;

    @Test
    void opensslVerifiesAReplyFromTheTsaWithTheCaChain() throws Exception {
        Path data = Files.writeString(dir.resolve("data.txt"), "umowa 42/2026");
        Path query = dir.resolve("query.tsq");
        Processes.run("openssl", "ts", "-query", "-data", data.toString(), "-sha256", "-cert", "-out", query.toString());

        byte[] reply = post(Files.readAllBytes(query));
        Path response = Files.write(dir.resolve("reply.tsr"), reply);
        List<X509Certificate> chain = context.getBean(TimestampAuthority.class).chain();
        Path root = Files.writeString(dir.resolve("root.pem"), pem(chain.getLast()));
        Path untrusted = Files.writeString(dir.resolve("untrusted.pem"), pem(chain.get(0)) + pem(chain.get(1)));

        String verified = Processes.run("openssl", "ts", "-verify", "-queryfile", query.toString(), "-in", response.toString(),
                "-CAfile", root.toString(), "-untrusted", untrusted.toString());
        assertThat(verified).contains("Verification: OK");
        String text = Processes.run("openssl", "ts", "-reply", "-in", response.toString(), "-text");
        assertThat(text).contains("Status: Granted").contains("Policy OID: 0.4.0.2023.1.1").contains("Accuracy: 0x01 seconds");
    }

    /**
     * A unit whose key the token does not hold cannot sign: the protocol's answer is systemFailure with a plain text
     * (not Bouncy Castle's), and a caller inside the gateway (signDoc's B-T) gets a 503, not the client's 400.
     */
    @Test
    void aUnitThatCannotSignSaysSoAsTheServersFault() throws Exception {
        TimestampAuthority real = context.getBean(TimestampAuthority.class);
        try (TimestampAuthority keyless = new TimestampAuthority(context.getBean(SigningPool.class), new KeyRef("tsa-missing"),
                TokenContentSigner.schemeFor(KeyAlgorithm.EC_P256), real.chain(), context.getBean(TsaProperties.class),
                Clock.systemUTC())) {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest("no key".getBytes(StandardCharsets.UTF_8));
            TimeStampResponse reply = new TimeStampResponse(keyless.reply(
                    new TimeStampRequestGenerator().generate(TSPAlgorithms.SHA256, digest).getEncoded()).block());
            assertThat(reply.getStatus()).isEqualTo(PKIStatus.REJECTION);
            assertThat(reply.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.systemFailure);
            assertThat(reply.getStatusString()).isEqualTo("The time-stamping unit is unavailable; try again later");

            assertThatThrownBy(() -> keyless.token(TSPAlgorithms.SHA256, digest, Optional.empty()).block())
                    .isInstanceOfSatisfying(ApiException.class, refused ->
                            assertThat(refused.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
        }
    }

    @Test
    void theUnitCertificateIsForTimestampingOnly() throws Exception {
        X509Certificate unit = context.getBean(TimestampAuthority.class).chain().getFirst();
        assertThat(unit.getCriticalExtensionOIDs()).contains(Extension.extendedKeyUsage.getId());
        assertThat(unit.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_timeStamping.getId());
        assertThat(unit.getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void aThousandTimestampsFromEightClientsHaveUniqueSerials() throws Exception {
        Set<BigInteger> serials = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = IntStream.range(0, 8).<Future<?>>mapToObj(client -> clients.submit(() -> {
                for (int i = 0; i < 125; i++) {
                    TimeStampRequest request = request(("client " + client + " request " + i).getBytes(StandardCharsets.UTF_8));
                    TimeStampResponse response = response(post(request.getEncoded()));
                    response.validate(request);
                    serials.add(response.getTimeStampToken().getTimeStampInfo().getSerialNumber());
                }
                return null;
            })).toList();
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(serials).hasSize(1000);
    }

    @Test
    void aMalformedQueryGetsAnRfc3161Rejection() throws Exception {
        TimeStampResponse response = response(post("not a TimeStampReq".getBytes(StandardCharsets.UTF_8)));
        assertThat(response.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(response.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badDataFormat);
        TimeStampResponse empty = response(post(new byte[0]));
        assertThat(empty.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(empty.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badDataFormat);

        byte[] version2 = new TimeStampReq(new MessageImprint(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256),
                new byte[32]), null, null, null, null).getEncoded();
        version2[4] = 2; // SEQUENCE { INTEGER 1 ... }: the version's value byte
        TimeStampResponse versionTwo = response(post(version2));
        assertThat(versionTwo.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(versionTwo.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badDataFormat);
        // a version beyond an int (2^31): Bouncy Castle's int getter throws at it, which was a 500
        byte[] hugeVersion = HexFormat.of().parseHex("303802050080000000302f300b0609608648016503040201" + "0420" + "11".repeat(32));
        TimeStampResponse versionHuge = response(post(hugeVersion));
        assertThat(versionHuge.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(versionHuge.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badDataFormat);

        // clients name the reply's type variously: the reply is an RFC 3161 one whatever Accept says
        web.post().uri("/tsa").contentType(QUERY).header("Accept", "application/timestamp-response")
                .bodyValue(new TimeStampRequestGenerator().generate(TSPAlgorithms.SHA256, new byte[32]).getEncoded())
                .exchange().expectStatus().isOk().expectHeader().contentType("application/timestamp-reply");

        TimeStampRequestGenerator sha1 = new TimeStampRequestGenerator();
        TimeStampResponse refused = response(post(sha1.generate(TSPAlgorithms.SHA1, new byte[20]).getEncoded()));
        assertThat(refused.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(refused.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badAlg);
    }

    /**
     * What a hostile client sends instead of a TimeStampReq is rejected at once: nesting 20,000 deep (it overflowed the
     * parser's stack, and the reply came at the deadline), BER instead of DER, a DEFAULT value sent, bytes after the
     * request, a nonce of a kilobyte. A negative nonce of 256 bits is granted.
     */
    @Test
    void aRequestNestedDeeplyNotInDerOrWithAHugeNonceIsRejectedAtOnce() throws Exception {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        byte[] der = generator.generate(TSPAlgorithms.SHA256, new byte[32]).getEncoded();
        byte[] ber = new byte[der.length + 2]; // the outer SEQUENCE of indefinite length, ended by 00 00
        ber[0] = 0x30;
        ber[1] = (byte) 0x80;
        System.arraycopy(der, 2, ber, 2, der.length - 2);
        byte[] trailing = Arrays.copyOf(der, der.length + 2);
        byte[] defaultSent = Arrays.copyOf(der, der.length + 3); // certReq BOOLEAN FALSE (01 01 00) at the end, written out
        defaultSent[1] += 3;
        defaultSent[der.length] = 0x01;
        defaultSent[der.length + 1] = 0x01;
        Map<String, byte[]> refused = Map.of("nested", NestedDer.sequences(20_000), "BER", ber, "trailing", trailing,
                "DEFAULT sent", defaultSent, "a long nonce",
                generator.generate(TSPAlgorithms.SHA256, new byte[32], BigInteger.ONE.shiftLeft(8 * 1024)).getEncoded());
        refused.forEach((what, request) -> {
            TimeStampResponse response = response(post(request));
            assertThat(response.getStatus()).as(what).isEqualTo(PKIStatus.REJECTION);
            assertThat(response.getFailInfo().intValue()).as(what).isEqualTo(PKIFailureInfo.badDataFormat);
        });
        TimeStampResponse granted = response(post(generator.generate(TSPAlgorithms.SHA256, new byte[32],
                BigInteger.ONE.shiftLeft(255).negate()).getEncoded()));
        assertThat(granted.getStatus()).isEqualTo(PKIStatus.GRANTED);
    }

    @Test
    void cscTimestampReturnsATokenOverTheHashWithTheNonce() throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest("document".getBytes(StandardCharsets.UTF_8));
        String token = client.ok("signatures/timestamp", Map.of("hash", Base64.getEncoder().encodeToString(hash),
                "hashAlgo", CscClient.SHA256, "nonce", "0badcafe")).get("timestamp").asString();

        TimeStampToken parsed = new TimeStampToken(new org.bouncycastle.cms.CMSSignedData(Base64.getDecoder().decode(token)));
        X509Certificate unit = context.getBean(TimestampAuthority.class).chain().getFirst();
        parsed.validate(new JcaSimpleSignerInfoVerifierBuilder().build(new JcaX509CertificateHolder(unit)));
        assertThat(parsed.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(hash);
        assertThat(parsed.getTimeStampInfo().getNonce()).isEqualTo(new BigInteger("0badcafe", 16));

        client.call("signatures/timestamp", Map.of("hash", "AAAA", "hashAlgo", CscClient.SHA256)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error_description").value(d -> assertThat((String) d).contains("Invalid digest value length"));
    }

    private byte[] post(byte[] query) {
        return web.post().uri("/tsa").contentType(QUERY).bodyValue(query).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("application/timestamp-reply")
                .expectBody(byte[].class).returnResult().getResponseBody();
    }

    private static TimeStampRequest request(byte[] data) throws Exception {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        return generator.generate(TSPAlgorithms.SHA256, MessageDigest.getInstance("SHA-256").digest(data),
                BigInteger.valueOf(System.nanoTime()));
    }

    private static TimeStampResponse response(byte[] der) {
        try {
            return new TimeStampResponse(der);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }
}
