package io.sigillum.gateway.devdata;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Demo data for trying the gateway by hand; never created in the {@code prod} profile.
 *
 * @param enabled create the demo platform, user and credential on first start
 * @param multisign signatures one authorization of the demo credential may cover
 */
@ConfigurationProperties("sigillum.demo")
public record DemoProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1000") int multisign) {

    static final String PLATFORM = "demo-platform";
    static final String PLATFORM_SECRET = "demo-secret";
    static final String USER = "demo-user";
    static final String PIN = "12345678";
    static final String PHONE = "+48600000000";
}
