package io.sigillum.gateway.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A test-only endpoint that reads a JSON body, on both error surfaces. */
@RestController
class EchoTestController {

    record Echo(@NotBlank String name) {
    }

    @PostMapping(path = {"/api/v1/_echo", "/csc/v2/_echo"}, consumes = "application/json")
    Mono<Echo> echo(@Valid @RequestBody Mono<Echo> body) {
        return body;
    }
}
