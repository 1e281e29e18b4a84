package io.sigillum.gateway.web;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Reactor Netty server: requests it cannot decode are answered in the path's error form ({@link DecodeFailureResponder}),
 * a connection that does not deliver its next request head in time is closed ({@link RequestHeadDeadline}), every
 * response has its {@link ResponseDefaults}, and its event loops are scheduled ahead of the gateway's other threads
 * ({@link EventLoopPriority}).
 */
@Configuration(proxyBeanMethods = false)
class HttpServerConfiguration {

    @Bean
    NettyServerCustomizer decodeFailuresInErrorForm(JsonMapper json, ServerProperties server, HttpLimitsProperties limits) {
        int maxHeaderBytes = (int) server.getMaxHttpRequestHeaderSize().toBytes();
        ResponseDefaults defaults = new ResponseDefaults(server.getSsl() != null && server.getSsl().isEnabled());
        return http -> http.doOnChannelInit((observer, channel, remote) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                DecodeFailureResponder decodeFailures = new DecodeFailureResponder(json, maxHeaderBytes);
                channel.pipeline().addBefore(NettyPipeline.HttpCodec, "sigillum.requestLineStart",
                        new RequestLineStart(decodeFailures::firstBytes));
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, "sigillum.decodeFailures", decodeFailures);
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, "sigillum.requestHeadDeadline",
                        new RequestHeadDeadline(limits.requestHeadTimeout()));
                // next to the codec, so that the refusals of the handlers above get them too
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, "sigillum.responseDefaults", defaults);
            }
        });
    }

    /** A connection is set up on the event loop that will serve it: the loop's thread gets its priority then. */
    @Bean
    NettyServerCustomizer eventLoopsAheadOfOtherThreads(EventLoopProperties eventLoops) {
        EventLoopPriority priority = new EventLoopPriority(eventLoops);
        return http -> http.doOnChannelInit((observer, channel, remote) -> {
            if (channel.eventLoop().inEventLoop()) {
                priority.applyToCurrentThread();
            }
        });
    }
}
