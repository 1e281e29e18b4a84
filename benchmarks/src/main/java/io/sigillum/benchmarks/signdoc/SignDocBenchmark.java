package io.sigillum.benchmarks.signdoc;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.EncryptionAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.algorithm.KeyType;
import io.sigillum.signer.algorithm.SignAlgorithm;
import io.sigillum.signer.algorithm.SignatureScheme;
import io.sigillum.signer.ca.CertificateAuthority;
import io.sigillum.signer.ca.CertificateLocations;
import io.sigillum.signer.pool.PoolSettings;
import io.sigillum.signer.pool.SigningPool;
import io.sigillum.signer.token.KeyInfo;
import io.sigillum.signer.token.KeyRef;
import io.sigillum.signer.token.software.SoftwareToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Documents per second that signDoc's PAdES-BASELINE-B work allows, against signHash's one signature, in one run and on
 * one pool: {@code signHash} (the baseline) asks the signing pool for one signature over a digest and waits for it;
 * {@code padesBaselineB} does what the gateway's signDoc does for one PDF of about {@code pdfKilobytes} kB — DSS
 * computes the data to be signed (parsing the PDF, reserving the signature), the pool signs its digest, DSS embeds the
 * CMS and writes the incremental update. Both run in process, without HTTP, SAD or audit, which the two share.
 * The pool gets as many workers as JMH has threads; the key is in the in-memory software token.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
public class SignDocBenchmark {

    @Param({"EC_P256", "RSA_2048"})
    public KeyAlgorithm keyAlgorithm;

    @Param({"100"})
    public int pdfKilobytes;

    private SigningPool pool;
    private KeyRef key;
    private SignatureScheme scheme;
    private List<CertificateToken> chain;
    private DSSDocument pdf;
    private byte[] digest;
    private CommonCertificateVerifier verifier;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws Exception {
        pool = SigningPool.start(SoftwareToken.inMemory(), new PoolSettings(params.getThreads(), 4096, Duration.ofSeconds(30), 64));
        List<X509Certificate> ca = CertificateAuthority.createRootAndIssuing(pool, KeyRef.of("bench-root"),
                KeyRef.of("bench-issuing"), "Sigillum Bench", "PL", Duration.ofDays(365));
        key = KeyRef.of("bench-signer");
        KeyInfo info = pool.generateKey(key, keyAlgorithm).get(60, TimeUnit.SECONDS);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate signer = new CertificateAuthority(pool, KeyRef.of("bench-issuing"), ca)
                .issueSeal(info.publicKey(), "VATPL-0000000000", "Sigillum Bench Signer", now, now.plus(Duration.ofDays(30)),
                        CertificateLocations.none(), "https://sigillum.example/pds");
        List<CertificateToken> tokens = new ArrayList<>(List.of(new CertificateToken(signer)));
        ca.forEach(certificate -> tokens.add(new CertificateToken(certificate)));
        chain = List.copyOf(tokens);
        scheme = keyAlgorithm.keyType() == KeyType.RSA
                ? SignatureScheme.of(SignAlgorithm.SHA256_WITH_RSA, io.sigillum.signer.algorithm.DigestAlgorithm.SHA256)
                : SignatureScheme.of(SignAlgorithm.ECDSA_SHA256, io.sigillum.signer.algorithm.DigestAlgorithm.SHA256);
        pdf = new InMemoryDocument(pdf(pdfKilobytes * 1000), "document.pdf");
        digest = sha256("benchmark".getBytes(StandardCharsets.UTF_8));
        verifier = new CommonCertificateVerifier();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public byte[] signHash() {
        return pool.sign(key, scheme, digest).join();
    }

    @Benchmark
    public byte[] padesBaselineB() {
        PAdESSignatureParameters parameters = new PAdESSignatureParameters();
        parameters.setSignatureLevel(SignatureLevel.PAdES_BASELINE_B);
        parameters.setDigestAlgorithm(DigestAlgorithm.SHA256);
        parameters.setEncryptionAlgorithm(keyAlgorithm.keyType() == KeyType.RSA ? EncryptionAlgorithm.RSA : EncryptionAlgorithm.ECDSA);
        parameters.setSigningCertificate(chain.getFirst());
        parameters.setCertificateChain(chain);
        parameters.bLevel().setSigningDate(Date.from(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        PAdESService service = new PAdESService(verifier);
        ToBeSigned dataToSign = service.getDataToSign(pdf, parameters);
        byte[] value = pool.sign(key, scheme, sha256(dataToSign.getBytes())).join();
        SignatureAlgorithm algorithm = SignatureAlgorithm.getAlgorithm(parameters.getEncryptionAlgorithm(), DigestAlgorithm.SHA256);
        return DSSUtils.toByteArray(service.signDocument(pdf, parameters, new SignatureValue(algorithm, value)));
    }

    /** A text PDF of at least {@code size} bytes: pages of random words, which compress about as well as real text. */
    public static byte[] pdf(int size) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        try (PDDocument document = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            while (true) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(font, 9);
                    content.newLineAtOffset(40, 750);
                    for (int line = 0; line < 70; line++) {
                        content.showText(words(random, 16));
                        content.newLineAtOffset(0, -10.5f);
                    }
                    content.endText();
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                document.save(out);
                if (out.size() >= size) {
                    return out.toByteArray();
                }
            }
        }
    }

    private static String words(SplittableRandom random, int count) {
        StringBuilder line = new StringBuilder();
        for (int w = 0; w < count; w++) {
            int length = 2 + random.nextInt(8);
            for (int c = 0; c < length; c++) {
                line.append((char) ('a' + random.nextInt(26)));
            }
            line.append(' ');
        }
        return line.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
