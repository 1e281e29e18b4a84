package io.sigillum.gateway.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the HTTP server's event loops are scheduled by the operating system.
 *
 * @param nice the nice value of each event loop thread (Linux; -20 to 0; 0, the default, leaves them as they are).
 *        Below 0 they are scheduled ahead of the gateway's other threads (signing workers, the garbage collector), so
 *        that under overload a request is read, and refused if its class is full, without waiting behind the work of
 *        admitted requests. At -5 a loop weighs three times a normal thread. Since PostgreSQL's and Redis' connections
 *        share these loops ({@code config.StoreEventLoops}), a boosted loop also handles every store answer ahead of
 *        the signing: commits then come sooner and smaller, and on two cores batches of 100 lost 8-23 % at -5 while
 *        the refusals kept their p99 under 10 ms at 0 ({@code benchmarks/RESULTS.md}). Needs CAP_SYS_NICE (root, or
 *        {@code AmbientCapabilities=CAP_SYS_NICE} / {@code LimitNICE=} under systemd); without it the loops keep their
 *        normal priority, and the gateway logs so when its first connection is set up.
 */
@ConfigurationProperties("sigillum.http.event-loops")
@Validated
public record EventLoopProperties(@DefaultValue("0") @Min(-20) @Max(0) int nice) {
}
