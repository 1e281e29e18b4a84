package io.sigillum.gateway.issuance.product;

import io.sigillum.gateway.account.InvitationProducts;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** An invitation may name any product of the catalogue that the inviting organisation has in stock. */
@Component
class StockedInvitationProducts implements InvitationProducts {

    private final ProductCatalogue catalogue;
    private final StockService stock;

    StockedInvitationProducts(ProductCatalogue catalogue, StockService stock) {
        this.catalogue = catalogue;
        this.stock = stock;
    }

    @Override
    public Mono<Names> check(UUID organisation, String productId) {
        return catalogue.get(productId)
                .flatMap(product -> stock.requireUnit(organisation, productId).thenReturn(new Names(product.namePl(), product.name())));
    }
}
