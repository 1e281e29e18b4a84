package io.sigillum.gateway.issuance.product;

import io.sigillum.gateway.account.Acting;
import io.sigillum.gateway.account.CurrentAccount;
import io.sigillum.gateway.account.Role;
import io.sigillum.gateway.issuance.IssuanceProperties;
import io.sigillum.gateway.issuance.idempotency.IdempotentRequest;
import io.sigillum.gateway.issuance.idempotency.IdempotentTransitions;
import io.sigillum.gateway.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The public catalogue and an organisation's warehouse. */
@RestController
@Tag(name = "Products and stock", description = "Product catalogue and the organisation's warehouse")
class ProductController {

    private final ProductCatalogue catalogue;
    private final StockService stock;
    private final IssuanceProperties properties;
    private final IdempotentTransitions idempotency;

    ProductController(ProductCatalogue catalogue, StockService stock, IssuanceProperties properties,
            IdempotentTransitions idempotency) {
        this.catalogue = catalogue;
        this.stock = stock;
        this.properties = properties;
        this.idempotency = idempotency;
    }

    record StockTopUp(@Schema(example = "CQS-2Y") @NotBlank String productId,
            @Schema(example = "10") @NotNull @Min(1) @Max(100_000) Integer quantity) {
    }

    @GetMapping("/api/v1/products")
    @Operation(summary = "The product catalogue: validity and allowed verification methods of each product")
    Flux<Product> products() {
        return catalogue.all();
    }

    @GetMapping("/api/v1/org/stock")
    @Operation(summary = "The organisation's warehouse: units of each product in stock (ORG_ADMIN)")
    @SecurityRequirement(name = CurrentAccount.SECURITY_SCHEME)
    @ApiResponse(responseCode = "200", description = "One line per product")
    @ApiResponse(responseCode = "403", description = "Caller is not an organisation admin")
    Flux<StockService.StockLine> stock(@Acting(Role.ORG_ADMIN) CurrentAccount caller) {
        return stock.list(caller.organisation());
    }

    @PostMapping("/api/v1/org/stock")
    @Operation(summary = "Add purchased units to the warehouse (ORG_ADMIN)",
            description = "A stand-in for the purchase flow; disabled with sigillum.issuance.stock-top-up-enabled=false. "
                    + "Send an Idempotency-Key to make retries safe: a retry with it adds nothing twice.")
    @SecurityRequirement(name = CurrentAccount.SECURITY_SCHEME)
    @ApiResponse(responseCode = "200", description = "The product's new quantity")
    @ApiResponse(responseCode = "403", description = "Caller is not an organisation admin, or top-up is disabled")
    @ApiResponse(responseCode = "404", description = "Unknown product")
    Mono<ResponseEntity<StockService.StockLine>> addStock(@Acting(Role.ORG_ADMIN) CurrentAccount caller,
            @Valid @RequestBody StockTopUp topUp,
            IdempotentRequest idempotent) {
        if (!properties.stockTopUpEnabled()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Stock top-up is disabled on this gateway");
        }
        return idempotency.ok(caller.id(), idempotent, StockService.StockLine.class,
                () -> stock.add(caller.organisation(), caller.id(), topUp.productId(), topUp.quantity()));
    }
}
