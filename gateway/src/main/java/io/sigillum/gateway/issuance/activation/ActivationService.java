package io.sigillum.gateway.issuance.activation;

import io.sigillum.gateway.account.CurrentAccount;
import io.sigillum.gateway.account.Role;
import io.sigillum.gateway.credential.CredentialChanges;
import io.sigillum.gateway.credential.CredentialRepository;
import io.sigillum.gateway.issuance.DocumentMessages;
import io.sigillum.gateway.issuance.DocumentText;
import io.sigillum.gateway.issuance.application.Applicant;
import io.sigillum.gateway.issuance.application.ApplicationProgress;
import io.sigillum.gateway.issuance.application.ApplicationService;
import io.sigillum.gateway.issuance.application.ApplicationTransition;
import io.sigillum.gateway.issuance.application.ApplicationView;
import io.sigillum.gateway.notify.Notification;
import io.sigillum.gateway.notify.NotificationOutbox;
import io.sigillum.gateway.secret.SecretHasher;
import io.sigillum.gateway.web.ApiException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Sets the PIN of an issued credential, once: exactly 8 digits, neither a pattern (one digit repeated, a run, a block
 * of two or four digits repeated, two halves of one digit each) nor the holder's date of birth or PESEL, stored only as
 * Argon2id; CERTIFICATE_ISSUED → ACTIVE and the credential PENDING → ACTIVE. It cannot be changed afterwards (only a
 * new issuance gives a new PIN).
 */
@Service
public class ActivationService {

    private static final Pattern PIN = Pattern.compile("\\d{8}");

    private final ApplicationService applications;
    private final ApplicationProgress progress;
    private final SecretHasher hasher;
    private final CredentialRepository credentials;
    private final CredentialChanges changes;
    private final NotificationOutbox outbox;
    private final DocumentMessages messages;

    ActivationService(ApplicationService applications, ApplicationProgress progress, SecretHasher hasher,
            CredentialRepository credentials, CredentialChanges changes, NotificationOutbox outbox, DocumentMessages messages) {
        this.applications = applications;
        this.progress = progress;
        this.hasher = hasher;
        this.credentials = credentials;
        this.changes = changes;
        this.outbox = outbox;
        this.messages = messages;
    }

    /** Hashes first (off the lock, on the hasher's scheduler), then moves in one short transaction. */
    public Mono<ApplicationView> activate(CurrentAccount applicant, UUID id, String pin) {
        applicant.require(Role.APPLICANT);
        if (!PIN.matcher(pin).matches()) {
            return Mono.error(ApiException.invalidField("pin", "InvalidFormat", "The PIN must be exactly 8 digits"));
        }
        if (guessable(pin)) {
            return Mono.error(ApiException.invalidField("pin", "Guessable",
                    "The PIN must not be one digit repeated or a run such as 12345678 or 87654321: those are the first an attacker tries"));
        }
        if (patterned(pin)) {
            return Mono.error(ApiException.invalidField("pin", "Patterned",
                    "The PIN must not repeat a block of digits (such as 12121212 or 12341234) "
                    + "or be two halves of one digit each (such as 11112222): patterns are tried early"));
        }
        return applications.get(applicant, id)
                .flatMap(application -> personal(pin, application.submittedApplicant())
                        ? Mono.<String>error(ApiException.invalidField("pin", "Personal",
                                "The PIN must not be your date of birth or part of your PESEL: whoever knows them would try it first"))
                        : hasher.hash(pin))
                .flatMap(hash -> progress.advance(id, Optional.of(applicant.id()), ApplicationTransition.ACTIVATE,
                        Optional.of(applicant.id()), application -> setPinOnce(id, hash)
                                .flatMap(details -> notifyActive(application).thenReturn(details))))
                // committed: every instance forgets what it cached of the credential before it could sign
                .flatMap(active -> progress.credentialOf(id).flatMap(changes::changed).thenReturn(active));
    }

    /** The applicant told, in the transaction of the move, that the certificate can sign now. */
    private Mono<Void> notifyActive(ApplicationView application) {
        DocumentText text = messages.in(application.applicantLanguage());
        return outbox.add(Notification.email(Notification.Kind.CERTIFICATE_ACTIVATED,
                application.submittedApplicant().email().value(),
                text.get("notification.certificateActivated.subject", application.number()),
                text.get("notification.certificateActivated", application.number()), application.id()));
    }

    /** One digit repeated, or digits that each go up (or each go down) by one: the PINs tried first. */
    static boolean guessable(String pin) {
        int step = pin.charAt(1) - pin.charAt(0);
        if (Math.abs(step) > 1) {
            return false;
        }
        for (int i = 2; i < pin.length(); i++) {
            if (pin.charAt(i) - pin.charAt(i - 1) != step) {
                return false;
            }
        }
        return true;
    }

    /** A block of one, two or four digits repeated, or two halves of one digit each (11112222). */
    static boolean patterned(String pin) {
        return repeats(pin, 2) || repeats(pin, 4) || repeats(pin.substring(0, 4), 1) && repeats(pin.substring(4), 1);
    }

    private static boolean repeats(String digits, int block) {
        for (int i = block; i < digits.length(); i++) {
            if (digits.charAt(i) != digits.charAt(i - block)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The holder's date of birth in any of the orders people write it with a four-digit year, or eight digits in a row of
     * the PESEL: known to anyone who has seen the holder's documents.
     */
    static boolean personal(String pin, Applicant holder) {
        LocalDate birth = holder.dateOfBirth();
        String day = "%02d".formatted(birth.getDayOfMonth());
        String month = "%02d".formatted(birth.getMonthValue());
        String year = "%04d".formatted(birth.getYear());
        List<String> dates = List.of(day + month + year, year + month + day, month + day + year, year + day + month);
        return dates.contains(pin) || holder.pesel().map(pesel -> pesel.value().contains(pin)).orElse(false);
    }

    private Mono<Optional<String>> setPinOnce(UUID application, String hash) {
        return progress.credentialOf(application)
                .filterWhen(credentialId -> credentials.setFirstPin(credentialId, hash))
                .switchIfEmpty(Mono.error(() -> ApiException.conflict("pin_already_set",
                        "The PIN is set once and cannot be changed", Map.of())))
                .map(credentialId -> Optional.of("{\"credentialId\":\"" + credentialId + "\",\"pin\":\"SET\"}"));
    }
}
