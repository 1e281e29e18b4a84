/** The token SPI: where keys live and how a worker signs with them. */
@NullMarked
package io.sigillum.signer.token;

import org.jspecify.annotations.NullMarked;
