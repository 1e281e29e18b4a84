package io.sigillum.gateway.issuance.ecode;

import io.sigillum.gateway.account.CurrentAccount;
import io.sigillum.gateway.issuance.IssuanceProperties;
import io.sigillum.gateway.issuance.product.ProductCatalogue;
import io.sigillum.gateway.issuance.product.StockService;
import io.sigillum.gateway.secret.Randomness;
import io.sigillum.gateway.web.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The rules of e-codes: generation from stock, expiry on read, hand-out, disposal and redemption.
 *
 * <p>Disposal rule: a disposed code is dead at once (a conditional UPDATE that also guards redemption), and its unit goes
 * back to stock only if the code was never handed out (no voucher was produced for it). A handed-out code was promised to
 * someone, so disposing it is a write-off.
 */
@Service
public class ECodeService {

    private final ECodeRepository codes;
    private final StockService stock;
    private final ProductCatalogue catalogue;
    private final IssuanceProperties properties;
    private final TransactionalOperator tx;

    ECodeService(ECodeRepository codes, StockService stock, ProductCatalogue catalogue, IssuanceProperties properties,
            ReactiveTransactionManager transactions) {
        this.codes = codes;
        this.stock = stock;
        this.catalogue = catalogue;
        this.properties = properties;
        this.tx = TransactionalOperator.create(transactions);
    }

    /** The result of a generation call. */
    public record Generated(String productId, int quantity, List<ECodeView> codes) {
    }

    /** A page of a list, with the cursor of the next page when there is one. */
    public record Page<T>(List<T> items, Optional<String> nextCursor) {
    }

    /** The result of a disposal. */
    public record Disposed(long id, String code, ECodeStatus status, boolean returnedToStock) {
    }

    /** A successful redemption: the product and the organisation that issued the code. */
    public record Redeemed(long ecodeId, UUID organisationId, String productId) {
    }

    /**
     * Takes {@code quantity} units from stock and creates that many distinct codes in one transaction (the stock
     * decrement and the inserts commit or roll back together).
     */
    public Mono<Generated> generate(CurrentAccount admin, String productId, int quantity) {
        if (quantity < 1 || quantity > properties.maxCodesPerRequest()) {
            return Mono.error(fieldError("quantity", "Range",
                    "must be between 1 and " + properties.maxCodesPerRequest()));
        }
        UUID organisation = admin.organisation();
        return catalogue.get(productId)
                .then(stock.take(organisation, productId, quantity))
                .thenMany(Flux.defer(() -> codes.insert(organisation, productId, admin.id(), distinctCodes(quantity),
                        properties.codeValidity(), properties.zone())))
                .map(ECodeRepository.Row::view)
                .collectList()
                .flatMap(views -> codes.recordOperation(organisation, "GENERATED", productId, quantity,
                                Optional.empty(), Optional.of(admin.id()))
                        .thenReturn(new Generated(productId, quantity, views)))
                .as(tx::transactional);
    }

    private List<ECode> distinctCodes(int quantity) {
        Set<ECode> drawn = new LinkedHashSet<>();
        while (drawn.size() < quantity) {
            drawn.add(ECode.random(Randomness.current()));
        }
        return new ArrayList<>(drawn);
    }

    Mono<Page<ECodeView>> list(UUID organisation, ECodeQuery query) {
        ECodeQuery probe = new ECodeQuery(query.status(), query.codePrefix(), query.productId(), query.createdFrom(),
                query.createdBefore(), query.afterId(), query.limit() + 1);
        return codes.expireDue(organisation)
                .thenMany(codes.list(organisation, probe))
                .collectList()
                .map(rows -> {
                    boolean more = rows.size() > query.limit();
                    List<ECodeRepository.Row> page = more ? rows.subList(0, query.limit()) : rows;
                    Optional<String> next = more ? Optional.of(Cursors.encode(page.getLast().id())) : Optional.empty();
                    return new Page<>(page.stream().map(ECodeRepository.Row::view).toList(), next);
                })
                .as(tx::transactional);
    }

    /**
     * Every e-code the filters match, newest first; refused (422) when they match more than a report holds, rather than
     * cut short: an organisation reconciles its codes from it, and a report missing the oldest would lose them.
     */
    Mono<List<ECodeView>> report(UUID organisation, ECodeQuery query) {
        int max = properties.maxReportRows();
        ECodeQuery all = new ECodeQuery(query.status(), query.codePrefix(), query.productId(), query.createdFrom(),
                query.createdBefore(), Optional.empty(), max + 1);
        return codes.expireDue(organisation).thenMany(codes.list(organisation, all)).map(ECodeRepository.Row::view).collectList()
                .flatMap(views -> views.size() > max
                        ? Mono.error(new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "report_too_large", "More than " + max
                                + " e-codes match: narrow the filters (dates, product, status) and ask for each part", Map.of(
                                "maxRows", max), Optional.empty()))
                        : Mono.just(views));
    }

    Mono<Page<OperationView>> operations(UUID organisation, Optional<Long> before, int limit) {
        return codes.expireDue(organisation)
                .thenMany(codes.operations(organisation, before, limit + 1))
                .collectList()
                .map(rows -> {
                    boolean more = rows.size() > limit;
                    List<ECodeRepository.OperationRow> page = more ? rows.subList(0, limit) : rows;
                    Optional<String> next = more ? Optional.of(Cursors.encode(page.getLast().id())) : Optional.empty();
                    return new Page<>(page.stream().map(ECodeRepository.OperationRow::view).toList(), next);
                });
    }

    /** The code for a voucher: must be ACTIVE; the first voucher marks it handed out. */
    Mono<ECodeView> handOut(CurrentAccount admin, long id) {
        UUID organisation = admin.organisation();
        return codes.expireDue(organisation)
                .then(codes.markHandedOut(organisation, id))
                .flatMap(state -> codes.recordOperation(organisation, "HANDED_OUT", state.productId(), 1,
                        Optional.of(state.id()), Optional.of(admin.id())))
                .then(active(admin, id))
                .as(tx::transactional);
    }

    /** The code, if it is this organisation's and ACTIVE; read only (what a HEAD of its voucher asks). */
    Mono<ECodeView> active(CurrentAccount admin, long id) {
        return codes.find(admin.organisation(), id)
                .switchIfEmpty(Mono.error(() -> notFound(id)))
                .map(ECodeRepository.Row::view)
                .flatMap(view -> view.status() == ECodeStatus.ACTIVE ? Mono.just(view)
                        : Mono.error(notActive(view)));
    }

    Mono<Disposed> dispose(CurrentAccount admin, long id) {
        UUID organisation = admin.organisation();
        return codes.dispose(organisation, id)
                .flatMap(disposal -> codes.recordOperation(organisation, "DISPOSED", disposal.state().productId(), 1,
                                Optional.of(disposal.state().id()), Optional.of(admin.id()))
                        .then(disposal.handedOut() ? Mono.empty() : stock.giveBack(organisation, disposal.state().productId()))
                        .thenReturn(new Disposed(id, disposal.code().grouped(), ECodeStatus.DISPOSED, !disposal.handedOut())))
                .switchIfEmpty(Mono.defer(() -> codes.find(organisation, id)
                        .switchIfEmpty(Mono.error(() -> notFound(id)))
                        .flatMap(row -> Mono.error(notActive(row.view())))))
                .as(tx::transactional);
    }

    /**
     * Redeems a code for an applicant, exactly once: concurrent redemptions of one code have one winner; the others get
     * 409 with the code's {@code currentState}. Runs in the caller's transaction.
     */
    public Mono<Redeemed> redeem(UUID applicant, ECode code) {
        return codes.redeem(code, applicant)
                .flatMap(won -> codes.recordOperation(won.organisationId(), "REDEEMED", won.productId(), 1,
                                Optional.of(won.id()), Optional.of(applicant))
                        .thenReturn(new Redeemed(won.id(), won.organisationId(), won.productId())))
                .switchIfEmpty(Mono.defer(() -> codes.effectiveStatus(code)
                        .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.NOT_FOUND, "ecode_not_found",
                                "No such e-code; check the letters' case")))
                        .flatMap(status -> Mono.error(ApiException.conflict("ecode_" + status.name().toLowerCase(),
                                "This e-code cannot be redeemed: it is " + status, Map.of("currentState", status.name()))))));
    }

    /**
     * Pays for an application with a code from the organisation's pool, for an applicant its operator invited to apply for
     * the product: a unit taken from stock (409 {@code insufficient_stock} when none is left), and a code made and
     * redeemed at once, recorded as generated by the operator and redeemed by the applicant, so the application is paid
     * for, listed and reported as with any e-code. Runs in the caller's transaction.
     */
    public Mono<Redeemed> redeemFromPool(UUID applicant, UUID organisation, String productId, UUID operator) {
        ECode code = ECode.random(Randomness.current());
        return stock.take(organisation, productId, 1)
                .thenMany(Flux.defer(() -> codes.insert(organisation, productId, operator, List.of(code),
                        properties.codeValidity(), properties.zone())))
                .then(codes.recordOperation(organisation, "GENERATED", productId, 1, Optional.empty(), Optional.of(operator)))
                .then(Mono.defer(() -> redeem(applicant, code)));
    }

    private static ApiException notFound(long id) {
        return new ApiException(HttpStatus.NOT_FOUND, "ecode_not_found", "No e-code " + id + " in this organisation");
    }

    private static ApiException notActive(ECodeView code) {
        return ApiException.conflict("ecode_not_active", "E-code " + code.id() + " is " + code.status(),
                Map.of("currentState", code.status().name()));
    }

    static ApiException fieldError(String field, String code, String message) {
        return ApiException.invalidField(field, code, message);
    }
}
