package io.sigillum.gateway.tsa;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.TimestampBinary;
import eu.europa.esig.dss.service.tsp.OnlineTSPSource;
import io.sigillum.gateway.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** DSS's own RFC 3161 client (the one validators and signing tools built on DSS use) gets a valid token from /tsa. */
class DssOnlineTspSourceIntegrationTests extends IntegrationTest {

    @Autowired
    TimestampAuthority authority;

    @Test
    void dssOnlineTspSourceGetsATokenOverTheDigestSignedByOurTsa() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("faktura 7/2026".getBytes(StandardCharsets.UTF_8));

        TimestampBinary binary = new OnlineTSPSource("http://127.0.0.1:" + port + "/tsa")
                .getTimeStampResponse(DigestAlgorithm.SHA256, digest);

        TimeStampToken token = new TimeStampToken(new CMSSignedData(binary.getBytes()));
        assertThat(token.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(digest);
        X509Certificate unit = authority.chain().getFirst();
        assertThat(token.getSID().match(new JcaX509CertificateHolder(unit))).isTrue();
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(unit));
    }
}
