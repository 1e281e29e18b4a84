package io.sigillum.gateway.account;

import io.sigillum.gateway.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Dev only (never in the {@code prod} profile): the demo organisation and its admin, so the issuance walkthrough runs with
 * curl. The password is set at every start, to the configured one or a fresh random one printed to the log.
 */
@Component
@Profile("!prod")
@ConditionalOnProperty(name = "sigillum.accounts.dev-bootstrap.enabled", havingValue = "true", matchIfMissing = true)
class DevBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DevBootstrap.class);

    private final AccountService accounts;
    private final OpaqueTokens tokens;
    private final AccountsProperties.DevBootstrap settings;

    DevBootstrap(AccountService accounts, OpaqueTokens tokens, AccountsProperties properties) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.settings = properties.devBootstrap();
    }

    @Override
    public void run(ApplicationArguments args) {
        boolean random = settings.password().isBlank();
        String password = random ? tokens.newToken().substring(0, 20) : settings.password();
        // start-up thread, not a request path: waiting here is fine
        accounts.createOrganisationAdmin(settings.organisation(), settings.email(), password)
                .onErrorResume(ApiException.class, taken -> accounts.resetPassword(settings.email(), password).then(Mono.empty()))
                .block();
        if (random) {
            log.info("Dev org admin: {} / {} (organisation \"{}\"; dev only, never in the prod profile)",
                    settings.email(), password, settings.organisation());
        } else {
            log.info("Dev org admin: {} with the configured password (organisation \"{}\")", settings.email(),
                    settings.organisation());
        }
    }
}
