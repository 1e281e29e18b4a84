package io.sigillum.gateway.web;

import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.accept.HeaderContentTypeResolver;
import org.springframework.web.reactive.accept.RequestedContentTypeResolver;
import org.springframework.web.reactive.accept.RequestedContentTypeResolverBuilder;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * What a client's {@code Accept} asks of a successful answer. {@code application/problem+json} names the form a client
 * takes errors in (RFC 9457 §3), which every error of the API has whatever it accepts; it is not a form for a product
 * list or a session. The JSON writer, which writes any {@code application/*+json}, would otherwise label a success
 * {@code application/problem+json} for a client that lists it first, and a client that tells answers apart by their media
 * type would read the success as an error. So it is left out of what a success is negotiated from; a client that
 * accepts nothing else gets the success in JSON. An Accept header that does not parse is disregarded.
 */
@Configuration(proxyBeanMethods = false)
class SuccessMediaTypes implements WebFluxConfigurer, RequestedContentTypeResolver {

    private final HeaderContentTypeResolver header = new HeaderContentTypeResolver();

    @Override
    public void configureContentTypeResolver(RequestedContentTypeResolverBuilder builder) {
        builder.resolver(this);
    }

    @Override
    public List<MediaType> resolveMediaTypes(ServerWebExchange exchange) {
        List<MediaType> accepted;
        try {
            accepted = header.resolveMediaTypes(exchange);
        } catch (NotAcceptableStatusException unreadable) {
            // an Accept no parser reads says nothing a server can honour: disregarded (RFC 9110 §12.5.1) rather than a
            // 406, which the pages, whose errors are themselves pages, could not even answer
            return List.of(MediaType.ALL);
        }
        if (accepted.stream().noneMatch(MediaType.APPLICATION_PROBLEM_JSON::equalsTypeAndSubtype)) {
            return accepted;
        }
        List<MediaType> forSuccess = new ArrayList<>(accepted);
        forSuccess.removeIf(MediaType.APPLICATION_PROBLEM_JSON::equalsTypeAndSubtype);
        return forSuccess.isEmpty() ? List.of(MediaType.APPLICATION_JSON) : forSuccess;
    }
}
