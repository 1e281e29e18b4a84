package io.sigillum.gateway.devdata;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.Locale;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Development data for trying the gateway by hand, created at start-up when {@code enabled} and never in the
 * {@code prod} profile ({@link DevData}): the demo organisation and its admin (the issuance walkthrough), the platform
 * {@code demo-platform} with user {@code demo-user} and an active credential (the CSC walkthrough), and the tie between
 * the two, so certificates issued from the organisation's e-codes are usable by that platform at once.
 *
 * @param enabled create the development data (one switch for all of it)
 * @param organisation the demo organisation's name
 * @param adminEmail the organisation admin's login
 * @param adminPassword the admin's password; unset means a fresh random one, printed to the log at each start
 * @param multisign signatures one authorization of the demo credential may cover
 * @param loadUsers extra users for load tests, {@code load-user-1} … {@code load-user-N}, each made like {@code demo-user}
 *     (an ACTIVE credential linked to both demo platforms, the same PIN and account password) with its own phone
 *     {@code +48601NNNNNN} and account {@code load-user-N@demo.local}, so that concurrent virtual users never share a
 *     credential's one outstanding code; 0, the default, makes none
 */
@ConfigurationProperties("sigillum.dev-data")
@Validated
public record DevDataProperties(@DefaultValue("true") boolean enabled,
        @DefaultValue("Demo organisation") @NotBlank String organisation,
        @DefaultValue("admin@demo.local") @Email @NotBlank String adminEmail,
        @DefaultValue Optional<String> adminPassword,
        @DefaultValue("1000") @Min(1) int multisign,
        @DefaultValue("0") @Min(0) @Max(100_000) int loadUsers) {

    /** The demo platform's client id. */
    public static final String PLATFORM = "demo-platform";
    static final String PLATFORM_SECRET = "demo-secret";
    static final String USER = "demo-user";
    static final String PIN = "12345678";
    static final String PHONE = "+48600000000";
    /** The demo wallet: a platform in oauth2code mode, whose users authorize on the gateway's own page. */
    static final String WALLET = "demo-wallet";
    static final String WALLET_SECRET = "demo-wallet-secret";
    /** Registered for the wallet; by the loopback rule (RFC 8252) it matches any port. */
    static final String WALLET_REDIRECT = "http://127.0.0.1/callback";
    static final String USER_EMAIL = "demo-user@demo.local";
    static final String USER_PASSWORD = "demo-user-pass";
    static final String LOAD_USER = "load-user-";

    /** The {@code n}th load-test user (1-based): its CSC userID, phone and account e-mail follow from {@code n}. */
    static String loadUser(int n) {
        return LOAD_USER + n;
    }

    static String loadUserPhone(int n) {
        return String.format(Locale.ROOT, "+48601%06d", n);
    }
}
