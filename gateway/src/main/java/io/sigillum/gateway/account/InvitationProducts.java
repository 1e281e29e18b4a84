package io.sigillum.gateway.account;

import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * The products an operator's invitation may name, paid from the organisation's stock (the vendors' "kod z puli"), kept
 * by the module that owns products and stock: it implements this, and the account module calls it without knowing it.
 */
public interface InvitationProducts {

    /**
     * The product's names, when the organisation may invite a person to apply for it now: the product exists (else 404
     * {@code product_not_found}, as when stock is added) and the organisation has a unit of it in stock (else 409
     * {@code insufficient_stock}). Nothing is taken: the unit is taken when the person opens the application.
     */
    Mono<Names> check(UUID organisation, String productId);

    /** A product's name in Polish and in English, as an e-mail names it. */
    record Names(String polish, String english) {
    }
}
