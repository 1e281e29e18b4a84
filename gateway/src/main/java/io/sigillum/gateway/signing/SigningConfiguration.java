package io.sigillum.gateway.signing;

import io.sigillum.gateway.config.StartupFailure;
import io.sigillum.signer.TokenUnavailableException;
import io.sigillum.signer.pool.PoolSettings;
import io.sigillum.signer.pool.ReactiveSigner;
import io.sigillum.signer.pool.SigningPool;
import io.sigillum.signer.token.SigningToken;
import io.sigillum.signer.token.pkcs11.Pkcs11Config;
import io.sigillum.signer.token.pkcs11.Pkcs11Token;
import io.sigillum.signer.token.software.SoftwareToken;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Opens the configured token and starts the signing pool in front of it. */
@Configuration(proxyBeanMethods = false)
class SigningConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SigningConfiguration.class);

    @Bean(destroyMethod = "close")
    SigningToken signingToken(SigningProperties properties) {
        // the prod profile never gets here with the dev keystore password: ProductionSecretsCheck runs before any bean
        return switch (properties.token()) {
            case SOFTWARE -> SoftwareToken.open(properties.softwareKeystore(), properties.keystorePassword().toCharArray());
            case PKCS11 -> openPkcs11(pkcs11Config(properties));
        };
    }

    /** The HSM's failures at start-up name the settings that lead to it, in one line (a missing library, a wrong PIN). */
    private static SigningToken openPkcs11(Pkcs11Config config) {
        try {
            return Pkcs11Token.open(config);
        } catch (TokenUnavailableException unavailable) {
            throw new StartupFailure("The PKCS#11 token cannot be opened (SIGILLUM_SIGNING_PKCS11_LIBRARY=" + config.library()
                    + ", SIGILLUM_SIGNING_PKCS11_TOKEN_LABEL or …_SLOT_INDEX, SIGILLUM_SIGNING_PKCS11_PIN): "
                    + unavailable.getMessage(), unavailable);
        }
    }

    private static Pkcs11Config pkcs11Config(SigningProperties properties) {
        Path library = properties.pkcs11Library().map(Path::of)
                .orElseThrow(() -> new StartupFailure("sigillum.signing.token=pkcs11 needs SIGILLUM_SIGNING_PKCS11_LIBRARY"));
        char[] pin = properties.pkcs11Pin()
                .orElseThrow(() -> new StartupFailure("sigillum.signing.token=pkcs11 needs SIGILLUM_SIGNING_PKCS11_PIN"))
                .toCharArray();
        return properties.pkcs11TokenLabel()
                .map(label -> Pkcs11Config.byTokenLabel(library, label, pin))
                .orElseGet(() -> new Pkcs11Config(library, OptionalInt.of(properties.pkcs11SlotIndex()),
                        Optional.empty(), pin));
    }

    @Bean(destroyMethod = "close")
    SigningPool signingPool(SigningToken signingToken, SigningProperties properties) {
        PoolSettings settings = PoolSettings.defaults(signingToken)
                .withQueueCapacity(properties.queueCapacity())
                .withOperationTimeout(properties.operationTimeout())
                .withKeyCacheSize(properties.keyCacheSize())
                .withInlineSignatures(properties.inlineSignatures());
        if (properties.workers() > 0) {
            settings = settings.withWorkers(properties.workers());
        }
        SigningPool pool = SigningPool.start(signingToken, settings);
        log.info("Signing pool: {} workers over {} (signing provider {}){}", settings.workers(),
                signingToken.description(), signingToken.signingProvider(),
                signingToken.signsInProcess() && settings.inlineSignatures() > 0
                        ? "; up to " + settings.inlineSignatures() + " EC signatures per request on the calling thread" : "");
        return pool;
    }

    @Bean
    ReactiveSigner reactiveSigner(SigningPool signingPool) {
        return new ReactiveSigner(signingPool);
    }
}
