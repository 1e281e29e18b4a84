package io.sigillum.gateway.issuance.product;

import io.sigillum.gateway.web.ApiException;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** An organisation's stock ("warehouse") of purchased products: quantities per product, never below zero. */
@Service
public class StockService {

    /** The most units of one product an organisation's stock holds. */
    static final int MAX_STOCK = 10_000_000;

    private final DatabaseClient db;
    private final ProductCatalogue catalogue;

    StockService(DatabaseClient db, ProductCatalogue catalogue) {
        this.db = db;
        this.catalogue = catalogue;
    }

    /** One line of the warehouse. */
    public record StockLine(Product product, int quantity) {
    }

    public Flux<StockLine> list(UUID organisation) {
        return catalogue.all().concatMap(product -> db.sql("""
                        SELECT quantity FROM product_stock WHERE organisation_id = :org AND product_id = :product""")
                .bind("org", organisation).bind("product", product.id())
                .map(row -> row.get("quantity", Integer.class)).one()
                .defaultIfEmpty(0)
                .map(quantity -> new StockLine(product, quantity)));
    }

    /**
     * Adds purchased units; records the operation. Part of the caller's transaction when there is one. A product's stock
     * holds at most {@value #MAX_STOCK} units: beyond, 409 {@code stock_limit} and nothing added.
     */
    public Mono<StockLine> add(UUID organisation, UUID actor, String productId, int quantity) {
        return catalogue.get(productId).flatMap(product -> db.sql("""
                        INSERT INTO product_stock (organisation_id, product_id, quantity) VALUES (:org, :product, :n)
                        ON CONFLICT (organisation_id, product_id) DO UPDATE SET quantity = product_stock.quantity + :n
                        WHERE product_stock.quantity::bigint + :n <= :max
                        RETURNING quantity""")
                .bind("org", organisation).bind("product", productId).bind("n", quantity).bind("max", MAX_STOCK)
                .map(row -> row.get("quantity", Integer.class)).one()
                .switchIfEmpty(Mono.error(() -> ApiException.conflict("stock_limit", "A product's stock holds at most "
                        + MAX_STOCK + " units: generate e-codes from it first", Map.of("maxStock", MAX_STOCK))))
                .flatMap(total -> db.sql("""
                                INSERT INTO ecode_operation (organisation_id, operation, product_id, quantity, actor_id)
                                VALUES (:org, 'STOCK_ADDED', :product, :n, :actor)""")
                        .bind("org", organisation).bind("product", productId).bind("n", quantity).bind("actor", actor)
                        .then().thenReturn(new StockLine(product, total))));
    }

    /**
     * Takes {@code quantity} units in one conditional UPDATE, so concurrent takers can never drive the stock below zero.
     * Must run inside the transaction that uses the units. Fails with 409 {@code insufficient_stock} when short.
     */
    public Mono<Void> take(UUID organisation, String productId, int quantity) {
        return db.sql("""
                        UPDATE product_stock SET quantity = quantity - :n
                        WHERE organisation_id = :org AND product_id = :product AND quantity >= :n""")
                .bind("n", quantity).bind("org", organisation).bind("product", productId)
                .fetch().rowsUpdated()
                .flatMap(updated -> updated == 1 ? Mono.<Void>empty() : available(organisation, productId)
                        .flatMap(available -> Mono.error(ApiException.conflict("insufficient_stock",
                                "Only " + available + " unit(s) of " + productId + " in stock, " + quantity + " requested",
                                Map.of("available", available)))));
    }

    /** Puts one unit back (a disposed e-code that was never handed out). */
    public Mono<Void> giveBack(UUID organisation, String productId) {
        return db.sql("""
                        UPDATE product_stock SET quantity = quantity + 1
                        WHERE organisation_id = :org AND product_id = :product""")
                .bind("org", organisation).bind("product", productId).then();
    }

    /** 409 {@code insufficient_stock} unless the organisation has a unit of the product; takes nothing. */
    public Mono<Void> requireUnit(UUID organisation, String productId) {
        return available(organisation, productId).flatMap(available -> available > 0 ? Mono.<Void>empty()
                : Mono.error(ApiException.conflict("insufficient_stock", "No unit of " + productId + " in stock",
                        Map.of("available", 0))));
    }

    private Mono<Integer> available(UUID organisation, String productId) {
        return db.sql("SELECT quantity FROM product_stock WHERE organisation_id = :org AND product_id = :product")
                .bind("org", organisation).bind("product", productId)
                .map(row -> row.get("quantity", Integer.class)).one().defaultIfEmpty(0);
    }
}
