package io.sigillum.gateway.web;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;
import tools.jackson.databind.json.JsonMapper;

/** The Reactor Netty server: requests it cannot decode are answered in the path's error form ({@link DecodeFailureResponder}). */
@Configuration(proxyBeanMethods = false)
class HttpServerConfiguration {

    @Bean
    NettyServerCustomizer decodeFailuresInErrorForm(JsonMapper json, ServerProperties server) {
        int maxHeaderBytes = (int) server.getMaxHttpRequestHeaderSize().toBytes();
        return http -> http.doOnChannelInit((observer, channel, remote) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, "sigillum.decodeFailures",
                        new DecodeFailureResponder(json, maxHeaderBytes));
            }
        });
    }
}
