package io.sigillum.gateway.devdata;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.account.OpaqueTokens;
import io.sigillum.gateway.web.ApiException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The demo organisation and its admin, so the issuance walkthrough runs with curl. The password is set at every start,
 * to the configured one or a fresh random one printed to the log.
 */
@Component
@DevData
class DemoOrganisationBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoOrganisationBootstrap.class);

    private final AccountService accounts;
    private final OpaqueTokens tokens;
    private final DevDataProperties settings;

    DemoOrganisationBootstrap(AccountService accounts, OpaqueTokens tokens, DevDataProperties settings) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.settings = settings;
    }

    @Override
    public void run(ApplicationArguments args) {
        String password = settings.adminPassword().orElseGet(() -> tokens.newToken().substring(0, 20));
        // start-up thread, not a request path: waiting here is fine, but not forever
        accounts.createOrganisationAdmin(settings.organisation(), settings.adminEmail(), password)
                .onErrorResume(ApiException.class, taken -> accounts.resetPassword(settings.adminEmail(), password).then(Mono.empty()))
                .block(Duration.ofSeconds(30));
        if (settings.adminPassword().isEmpty()) {
            log.info("Dev org admin: {} / {} (organisation \"{}\"; dev only, never in the prod profile)",
                    settings.adminEmail(), password, settings.organisation());
        } else {
            log.info("Dev org admin: {} with the configured password (organisation \"{}\")", settings.adminEmail(),
                    settings.organisation());
        }
    }
}
