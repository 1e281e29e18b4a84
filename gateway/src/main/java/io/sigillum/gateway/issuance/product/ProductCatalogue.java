package io.sigillum.gateway.issuance.product;

import io.r2dbc.spi.Readable;
import io.sigillum.gateway.web.ApiException;
import java.util.Arrays;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The product catalogue, read from PostgreSQL (seeded by migration V101). */
@Repository
public class ProductCatalogue {

    private static final String COLUMNS = "id, name, name_pl, validity_months, verification_methods, operator_countersign";

    private final DatabaseClient db;

    ProductCatalogue(DatabaseClient db) {
        this.db = db;
    }

    public Flux<Product> all() {
        return db.sql("SELECT " + COLUMNS + " FROM product ORDER BY id").map(ProductCatalogue::product).all();
    }

    /** The product, or 404 {@code product_not_found}. */
    public Mono<Product> get(String id) {
        return db.sql("SELECT " + COLUMNS + " FROM product WHERE id = :id").bind("id", id)
                .map(ProductCatalogue::product).one()
                .switchIfEmpty(Mono.error(() -> new ApiException(org.springframework.http.HttpStatus.NOT_FOUND,
                        "product_not_found", "No product " + id)));
    }

    private static Product product(Readable row) {
        String[] methods = row.get("verification_methods", String[].class);
        return new Product(row.get("id", String.class), row.get("name", String.class), row.get("name_pl", String.class),
                row.get("validity_months", Integer.class),
                Arrays.stream(methods).map(VerificationMethod::valueOf).toList(),
                row.get("operator_countersign", Boolean.class));
    }
}
