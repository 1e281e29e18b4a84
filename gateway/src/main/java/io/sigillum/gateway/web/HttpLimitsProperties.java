package io.sigillum.gateway.web;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What the HTTP edge accepts: limits on what a request may carry, and whose forwarded headers it believes.
 *
 * @param maxBodySize the largest request body accepted (413 beyond it); also the codecs' in-memory limit
 * @param trustedProxies IP addresses and CIDR ranges (e.g. {@code 10.0.0.0/8}, {@code ::1}) of the reverse proxies whose
 *        {@code Forwarded} / {@code X-Forwarded-*} headers say how clients reached the gateway; none by default, so
 *        a client can never choose the URLs the gateway hands out ({@link PublicBaseUrl})
 * @param requestHeadTimeout how long a connection may take to deliver its next request's head whole, from being
 *        accepted or from its last answer; past it the connection is closed ({@link RequestHeadDeadline}): idle
 *        keep-alive connections and slowly trickled heads alike, and a client that takes none of its answers for
 *        as long while its pipelined requests wait behind them
 */
@ConfigurationProperties("sigillum.http")
@Validated
public record HttpLimitsProperties(@DefaultValue("1MB") @NotNull DataSize maxBodySize,
        @DefaultValue List<String> trustedProxies, @DefaultValue("30s") @NotNull Duration requestHeadTimeout) {
}
