package io.sigillum.gateway.ca;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.support.NestedDer;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.junit.jupiter.api.Test;

class DerNestingTests {

    @Test
    void theProtocolsOwnRequestsPass() throws Exception {
        TimeStampRequestGenerator timestamps = new TimeStampRequestGenerator();
        timestamps.setCertReq(true);
        assertThat(DerNesting.within(timestamps.generate(TSPAlgorithms.SHA256, new byte[32], BigInteger.TEN).getEncoded(),
                DerNesting.MAX_DEPTH)).isTrue();
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new X509CertificateHolder(selfSigned()), BigInteger.valueOf(42));
        assertThat(DerNesting.within(new OCSPReqBuilder().addRequest(id).build().getEncoded(), DerNesting.MAX_DEPTH)).isTrue();
        assertThat(DerNesting.within(new X500Name("CN=Jan Nowak,O=Sigillum,C=PL").getEncoded(), DerNesting.MAX_DEPTH)).isTrue();
        assertThat(DerNesting.within(new byte[0], DerNesting.MAX_DEPTH)).isTrue();
    }

    @Test
    void nestingPastTheLimitIsToldWithoutOverflowingTheStack() {
        assertThat(DerNesting.within(NestedDer.sequences(DerNesting.MAX_DEPTH), DerNesting.MAX_DEPTH)).isTrue();
        assertThat(DerNesting.within(NestedDer.sequences(DerNesting.MAX_DEPTH + 1), DerNesting.MAX_DEPTH)).isFalse();
        assertThat(DerNesting.within(NestedDer.sequences(200_000), DerNesting.MAX_DEPTH)).isFalse();
    }

    @Test
    void lengthsThatAreIndefiniteOrOverrunTheirValueAreRefused() {
        HexFormat hex = HexFormat.of();
        assertThat(DerNesting.within(hex.parseHex("30800500" + "0000"), 8)).as("indefinite (BER)").isFalse();
        assertThat(DerNesting.within(hex.parseHex("3005" + "0500"), 8)).as("past the input").isFalse();
        assertThat(DerNesting.within(hex.parseHex("3003" + "3003" + "0500"), 8)).as("past the enclosing value").isFalse();
        assertThat(DerNesting.within(hex.parseHex("3085ffffffffff"), 8)).as("a five-octet length").isFalse();
        assertThat(DerNesting.within(hex.parseHex("30"), 8)).as("no length").isFalse();
        assertThat(DerNesting.within(hex.parseHex("1f"), 8)).as("a tag number cut short").isFalse();
        assertThat(DerNesting.within(hex.parseHex("3002" + "0500" + "0500"), 8)).as("two values in a row").isTrue();
    }

    private static byte[] selfSigned() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("EC").generateKeyPair();
        X500Name name = new X500Name("CN=Test CA");
        return new JcaX509v3CertificateBuilder(name, BigInteger.ONE, new Date(), new Date(System.currentTimeMillis() + 86_400_000L),
                name, pair.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()))
                .getEncoded();
    }
}
