/** The built-in certificate authority: root and issuing CA keys in the token, created on first start in development. */
@NullMarked
package io.sigillum.gateway.ca;

import org.jspecify.annotations.NullMarked;
