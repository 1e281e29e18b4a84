package io.sigillum.gateway.signdoc;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.TimestampBinary;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import io.sigillum.gateway.secret.Randomness;
import io.sigillum.gateway.tsa.TimestampAuthority;
import io.sigillum.gateway.tsa.TsaProperties;
import io.sigillum.signer.TokenUnavailableException;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

/**
 * Where DSS gets the signature timestamp of level B-T: the built-in timestamp authority, called in-process (no HTTP to
 * ourselves on the request path), or the external TSA of {@code sigillum.tsa.url}. Both block; DSS calls them on the
 * signDoc scheduler.
 */
final class TimestampSources {

    private TimestampSources() {
    }

    static TSPSource of(TsaProperties properties, TimestampAuthority authority) {
        return properties.url().<TSPSource>map(url -> new External(url, properties.externalTimeout()))
                .orElseGet(() -> new InProcess(authority));
    }

    /** The built-in authority, on the calling thread. */
    record InProcess(TimestampAuthority authority) implements TSPSource {

        @Override
        public TimestampBinary getTimeStampResponse(DigestAlgorithm algorithm, byte[] digest) {
            return new TimestampBinary(authority.tokenNow(new ASN1ObjectIdentifier(algorithm.getOid()), digest));
        }
    }

    /** An RFC 3161 TSA over HTTP; the reply is checked against the request (imprint, nonce) before DSS sees it. */
    record External(URI url, Duration timeout) implements TSPSource {

        private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        @Override
        public TimestampBinary getTimeStampResponse(DigestAlgorithm algorithm, byte[] digest) {
            TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
            generator.setCertReq(true);
            TimeStampRequest request = generator.generate(new ASN1ObjectIdentifier(algorithm.getOid()), digest,
                    BigInteger.valueOf(Randomness.current().nextLong()));
            try {
                HttpResponse<byte[]> reply = CLIENT.send(HttpRequest.newBuilder(url).timeout(timeout)
                        .header("Content-Type", "application/timestamp-query")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (reply.statusCode() != 200) {
                    throw new TokenUnavailableException("the TSA answered HTTP " + reply.statusCode());
                }
                TimeStampResponse response = new TimeStampResponse(reply.body());
                response.validate(request);
                if (response.getTimeStampToken() == null) {
                    throw new TokenUnavailableException("the TSA refused: " + response.getStatusString());
                }
                return new TimestampBinary(response.getTimeStampToken().getEncoded());
            } catch (IOException | TSPException e) {
                throw new TokenUnavailableException("the TSA at " + url.getHost() + " failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TokenUnavailableException("interrupted while waiting for the TSA", e);
            }
        }
    }
}
