package io.sigillum.gateway.csc;

import io.sigillum.gateway.auth.PlatformPrincipal;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.csc.wire.CscErrors;
import io.sigillum.gateway.csc.wire.SignHashRequest;
import io.sigillum.signer.pool.ReactiveSigner;
import java.util.List;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * signHash, the hot path: the {@link AuthorizedSigning} pipeline with every hash of the request signed on the pool as
 * the work.
 */
@Service
class HashSigning {

    private final AuthorizedSigning pipeline;
    private final ReactiveSigner signer;

    HashSigning(AuthorizedSigning pipeline, ReactiveSigner signer) {
        this.pipeline = pipeline;
        this.signer = signer;
    }

    Mono<List<byte[]>> sign(PlatformPrincipal platform, SignHashRequest request) {
        return pipeline.usableCredential(platform, request.credentialId(), "signHash")
                .flatMap(credential -> credential.keyAlgorithm().keyType() == request.scheme().keyType()
                        ? spendAndSign(platform, credential, request)
                        : Mono.error(CscErrors.invalidRequest("Invalid parameter signAlgo: the credential's key is "
                                + credential.keyAlgorithm().keyType())));
    }

    private Mono<List<byte[]>> spendAndSign(PlatformPrincipal platform, Credential credential, SignHashRequest request) {
        AuthorizedSigning.Spending spending = new AuthorizedSigning.Spending("signHash",
                request.scheme().algorithm().oid() + "/" + request.scheme().digest().oid(), request.scheme().digest().oid(),
                request.scheme().algorithm().oid(), request.hashes().canonical());
        return pipeline.spendAndSign(platform, credential, request.sad(), spending,
                () -> signer.signAll(credential.key(), request.scheme(), request.hashes().digests()));
    }
}
