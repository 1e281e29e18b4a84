/**
 * Built-in HTTPS ({@code sigillum.tls.enabled}): the operator's certificate through a Spring Boot SSL bundle, or in
 * development a server certificate issued at start-up by the built-in CA, whose root is written where clients can trust it.
 */
@NullMarked
package io.sigillum.gateway.tls;

import org.jspecify.annotations.NullMarked;
