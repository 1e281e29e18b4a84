package io.sigillum.gateway.issuance.application;

import io.sigillum.gateway.account.CurrentAccount;
import io.sigillum.gateway.issuance.IssuanceProperties;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The later stages of issuance (verification, statement, certificate, activation) move an application through here: a
 * transition is checked against {@link ApplicationTransition} under the application's row lock, in a transaction of its
 * own (joining the caller's, if there is one); what other features need of an application (its credential, the
 * organisation and platform of its e-code) is asked here too, so the application table has one owner.
 */
@Service
public class ApplicationProgress {

    private final ApplicationRepository applications;
    private final ApplicationViews views;
    private final IssuanceProperties properties;
    private final TransactionalOperator tx;
    private final Clock clock;

    ApplicationProgress(ApplicationRepository applications, ApplicationViews views, IssuanceProperties properties,
            TransactionalOperator tx, Clock clock) {
        this.applications = applications;
        this.views = views;
        this.properties = properties;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Locks the application (only the applicant's own when {@code owner} is present), refuses an illegal move with 409
     * and {@code currentState}, runs {@code step} — which may write its own rows and returns the history details — then
     * moves and records.
     *
     * @param actor who acts; empty when the system acts on an authenticated vendor webhook
     */
    public Mono<ApplicationView> advance(UUID id, Optional<UUID> owner, ApplicationTransition transition,
            Optional<UUID> actor, Function<ApplicationView, Mono<Optional<String>>> step) {
        return locked(id, owner, transition, current -> step.apply(current).defaultIfEmpty(Optional.empty())
                        .flatMap(details -> {
                            ApplicationState next = next(transition, current);
                            return applications.moveTo(id, next).then(applications.record(id, transition.name(),
                                    Optional.of(current.state()), next, actor, details));
                        }))
                .then(Mono.defer(() -> find(id)));
    }

    /**
     * Runs {@code step} under the application's lock once {@code transition} is legal, without moving: the first,
     * short part of a transition whose slow work must hold no lock (the certificate's key generation).
     */
    public <T> Mono<T> prepare(UUID id, Optional<UUID> owner, ApplicationTransition transition,
            Function<ApplicationView, Mono<T>> step) {
        return locked(id, owner, transition, step);
    }

    /** Any application, for the system and for consultants (no owner check); empty when there is none. */
    public Mono<ApplicationView> find(UUID id) {
        return applications.find(id).flatMap(views::of);
    }

    /**
     * An application the operator may act on (its point of sale's, or its organisation's when it came without a point
     * of sale): empty for any other, so that a decision or a countersignature reaches no more than the operator can read.
     */
    public Mono<ApplicationView> findForOperator(CurrentAccount operator, UUID id) {
        return applications.findForOperator(id, operator.pointOfSale(), operator.organisation()).flatMap(views::of);
    }

    /** Replaces the identity document (a new one after an invalid one); call it inside {@link #advance}'s step. */
    public Mono<Void> replaceIdentityDocument(ApplicationView application, ApplicantData.IdentityDocument document) {
        ApplicantData data = application.applicantData().orElseThrow(() -> ApplicationErrors.incomplete("applicantData"));
        return replaceApplicantData(application, data.withIdentityDocument(document));
    }

    /** The applicant's data replaced (corrected after the document read differed from them), checked as on entry. */
    public Mono<Void> replaceApplicantData(ApplicationView application, ApplicantData corrected) {
        ApplicationErrors.reject(ApplicantDataValidator.applicantData(corrected, application.product(),
                application.certificateParameters().map(CertificateParameters::verificationMethod),
                LocalDate.now(clock.withZone(properties.zone()))));
        return applications.saveData(application.id(), corrected.normalised());
    }

    /**
     * Ends the application whose certificate was revoked (REVOKED), in the revocation's transaction; nothing for a
     * credential of no application, or one whose application has ended otherwise.
     */
    public Mono<Void> certificateRevoked(String credentialId, Optional<UUID> actor) {
        return applications.applicationOf(credentialId)
                .flatMap(id -> find(id).filter(view -> view.nextTransitions().contains(ApplicationTransition.REVOKE_CERTIFICATE))
                        .flatMap(view -> advance(id, Optional.empty(), ApplicationTransition.REVOKE_CERTIFICATE, actor,
                                revoked -> Mono.just(Optional.<String>empty()))))
                .then();
    }

    /** The credential issued (or being issued) for the application; empty before issuance. */
    public Mono<String> credentialOf(UUID id) {
        return applications.credentialOf(id);
    }

    /** Ties a credential reserved for the application to it; inside {@link #prepare}'s step. */
    public Mono<Void> linkCredential(UUID id, String credentialId) {
        return applications.linkCredential(id, credentialId);
    }

    /** Unties a reservation whose issuance failed (only if it is still the application's credential). */
    public Mono<Void> unlinkCredential(UUID id, String credentialId) {
        return applications.unlinkCredential(id, credentialId);
    }

    /** Unties a reserved credential from whichever application it was reserved for. */
    public Mono<Void> unlinkCredential(String credentialId) {
        return applications.unlinkCredential(credentialId);
    }

    /** The organisation whose e-code opened the application. */
    public Mono<UUID> organisationOf(UUID id) {
        return applications.organisationOf(id);
    }

    /** The platform of the e-code's organisation; empty when it has none. */
    public Mono<IssuerPlatform> issuerPlatform(UUID id) {
        return applications.issuerPlatform(id);
    }

    private <T> Mono<T> locked(UUID id, Optional<UUID> owner, ApplicationTransition transition,
            Function<ApplicationView, Mono<T>> step) {
        return (owner.isPresent() ? applications.lockOwn(id, owner.get()) : applications.lock(id))
                .switchIfEmpty(Mono.error(ApplicationErrors::notFound))
                .flatMap(views::of)
                .flatMap(current -> {
                    next(transition, current);
                    return step.apply(current);
                })
                .as(tx::transactional);
    }

    private static ApplicationState next(ApplicationTransition transition, ApplicationView current) {
        return transition.next(current.state(), current.product().operatorCountersign())
                .orElseThrow(() -> ApplicationErrors.illegal(transition, current.state()));
    }
}
