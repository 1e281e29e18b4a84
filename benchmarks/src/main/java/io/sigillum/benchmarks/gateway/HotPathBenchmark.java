package io.sigillum.benchmarks.gateway;

import io.sigillum.gateway.auth.PlatformPrincipal;
import io.sigillum.gateway.csc.wire.SignHashRequest;
import io.sigillum.gateway.csc.wire.SignHashResponse;
import io.sigillum.gateway.sad.SadConsumption;
import io.sigillum.signer.token.software.SoftwareToken;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The signHash hot path in-process, one {@code @Benchmark} per stage, each a whole request's cost of that stage (µs/op),
 * against {@code raw} — one ACCP P-256 signature over a 32-byte digest, no pool — measured in the same run, so every
 * stage is also "so many raw signatures". Stages, in request order:
 * <ul>
 * <li>{@code parse1/100}: request bytes → {@code SignHashRequest}, as the controller reads them;</li>
 * <li>{@code tokenCheck}: the platform's access token verified as the bearer filter does (a token seen before: the
 * verified-token cache answers, as for every request but a token's first);</li>
 * <li>{@code sad1/100}: the SAD script ({@code SadStore.consume}) in Redis;</li>
 * <li>{@code sign1/100}: {@code ReactiveSigner.signAll} on the software token;</li>
 * <li>{@code audit}: one request's audit record committed; {@code auditConcurrent}: the same from 8 threads, so the
 * group commit shows (its throughput is 8 / its µs/op);</li>
 * <li>{@code serialize1/100}: the response to JSON bytes with the application's mapper;</li>
 * <li>{@code signHash1/100}: the whole pipeline of a parsed request ({@code HashSigning}: credential, SAD, sign,
 * audit), and {@code request1/100}: bytes in to bytes out (parse, token, pipeline, serialize; no HTTP).</li>
 * </ul>
 * The gateway's context starts without HTTP on the PostgreSQL and Redis of {@link GatewayHotPath}. Each benchmark thread
 * waits for its request: these are costs per request on an otherwise idle gateway, not throughput under load.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
// the thread-local below calls newRawSignature only at first use on a benchmark thread, long after construction
@SuppressWarnings("this-escape")
public class HotPathBenchmark {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private GatewayHotPath path;
    private KeyPair rawKey;
    private Provider accp;
    private byte[] digest;
    private final ThreadLocal<Signature> rawSignatures = ThreadLocal.withInitial(this::newRawSignature);

    @Setup(Level.Trial)
    public void start() throws GeneralSecurityException {
        path = GatewayHotPath.start();
        accp = SoftwareToken.nativeProvider().orElseThrow(() -> new IllegalStateException("ACCP does not load here"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", accp);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        rawKey = generator.generateKeyPair();
        digest = path.one.request().hashes().digests().getFirst();
    }

    @TearDown(Level.Trial)
    public void stop() {
        path.close();
    }

    /** The baseline: one P-256 signature with ACCP's own {@code NONEwithECDSA}, one initialised Signature per thread. */
    @Benchmark
    public byte[] raw() throws GeneralSecurityException {
        Signature signature = rawSignatures.get();
        signature.update(digest);
        return signature.sign();
    }

    @Benchmark
    public SignHashRequest parse1() {
        return path.parse(path.one.body());
    }

    @Benchmark
    public SignHashRequest parse100() {
        return path.parse(path.hundred.body());
    }

    @Benchmark
    public PlatformPrincipal tokenCheck() {
        return path.tokens.verify(path.accessToken).block(WAIT);
    }

    @Benchmark
    public SadConsumption sad1() {
        return consume(path.one);
    }

    @Benchmark
    public SadConsumption sad100() {
        return consume(path.hundred);
    }

    @Benchmark
    public List<byte[]> sign1() {
        return sign(path.one);
    }

    @Benchmark
    public List<byte[]> sign100() {
        return sign(path.hundred);
    }

    @Benchmark
    public void audit() {
        path.audit.record(path.auditEntry(path.one)).block(WAIT);
    }

    @Benchmark
    @Threads(8)
    public void auditConcurrent() {
        path.audit.record(path.auditEntry(path.one)).block(WAIT);
    }

    @Benchmark
    public byte[] serialize1() {
        return path.serialize(path.one.response());
    }

    @Benchmark
    public byte[] serialize100() {
        return path.serialize(path.hundred.response());
    }

    @Benchmark
    public List<byte[]> signHash1() {
        return path.hashSigning.sign(path.platform, path.one.request()).block(WAIT);
    }

    @Benchmark
    public List<byte[]> signHash100() {
        return path.hashSigning.sign(path.platform, path.hundred.request()).block(WAIT);
    }

    @Benchmark
    public byte[] request1() {
        return request(path.one.body());
    }

    @Benchmark
    public byte[] request100() {
        return request(path.hundred.body());
    }

    private SadConsumption consume(GatewayHotPath.Batch batch) {
        SignHashRequest request = batch.request();
        SadConsumption consumption = path.sads.consume(batch.sadId(), path.platform.platformId(), path.credential.id(),
                request.scheme().digest().oid(), request.scheme().algorithm().oid(), request.hashes().canonical()).block(WAIT);
        if (!(consumption instanceof SadConsumption.Granted)) {
            throw new IllegalStateException("the SAD was refused: " + consumption);
        }
        return consumption;
    }

    private List<byte[]> sign(GatewayHotPath.Batch batch) {
        return path.signer.signAll(path.credential.key(), batch.request().scheme(), batch.request().hashes().digests()).block(WAIT);
    }

    private byte[] request(byte[] body) {
        SignHashRequest request = path.parse(body);
        PlatformPrincipal platform = path.tokens.verify(path.accessToken).block(WAIT);
        return path.serialize(new SignHashResponse(path.hashSigning.sign(platform, request).block(WAIT)));
    }

    private Signature newRawSignature() {
        try {
            Signature signature = Signature.getInstance("NONEwithECDSA", accp);
            signature.initSign(rawKey.getPrivate());
            return signature;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
