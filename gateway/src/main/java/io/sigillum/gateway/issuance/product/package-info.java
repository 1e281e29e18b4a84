/** The product catalogue (validity, verification methods) and each organisation's stock of purchased products. */
@NullMarked
package io.sigillum.gateway.issuance.product;

import org.jspecify.annotations.NullMarked;
