package io.sigillum.gateway.seal;

import io.sigillum.signer.algorithm.SignatureScheme;
import io.sigillum.signer.token.KeyRef;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * The QTSP's seal key in the token, the scheme it signs with, and its chain.
 *
 * @param chain the seal certificate first, then the CA chain up to the root
 */
public record QtspSeal(KeyRef key, SignatureScheme scheme, List<X509Certificate> chain) {

    public QtspSeal {
        chain = List.copyOf(chain);
    }

    /** The seal certificate's CN: the name a reader of a sealed document sees as its signer. */
    public String name() {
        RDN[] names = X500Name.getInstance(chain.getFirst().getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        return names.length == 0 ? chain.getFirst().getSubjectX500Principal().getName()
                : IETFUtils.valueToString(names[0].getFirst().getValue());
    }
}
