package io.sigillum.gateway.csc;

import io.sigillum.gateway.web.ApiException;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The methods of the CSC API this service does not implement answer 501, as the API's error table says, not 404: a
 * client that goes by the {@code specs} version rather than {@code methods} learns that the method is missing, not that
 * it has the wrong base URL. (Basic {@code auth/login}: the service takes OAuth2 only; asynchronous signing and
 * authorization: it is synchronous; {@code credentials/create} and {@code delete}: credentials are made by issuance.)
 */
@Hidden
@RestController
class UnimplementedMethodsController {

    @PostMapping({"/csc/v2/auth/login", "/csc/v2/credentials/authorizeCheck", "/csc/v2/signatures/signPolling",
            "/csc/v2/credentials/create", "/csc/v2/credentials/delete"})
    Mono<Void> unimplemented(ServerWebExchange exchange) {
        String method = exchange.getRequest().getPath().value().substring("/csc/v2/".length());
        return Mono.error(new ApiException(HttpStatus.NOT_IMPLEMENTED, "invalid_request",
                "The method " + method + " is not implemented by this service; info lists those it implements"));
    }
}
