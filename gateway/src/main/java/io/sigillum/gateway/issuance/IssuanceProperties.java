package io.sigillum.gateway.issuance;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Issuance: e-codes, reports, documents.
 *
 * @param maxCodesPerRequest most e-codes one generation call may create
 * @param codeValidity how long an e-code stays redeemable after it is generated: through the whole last day, in {@code zone}
 * @param zone the time zone of dates shown to people (filters, vouchers, reports)
 * @param redeemAt where a voucher tells its holder to redeem it: the page of the QTSP's applicant portal (the gateway
 *        serves the issuance API, not that portal); unset, the voucher tells the holder to redeem it when applying
 * @param maxPageSize largest page of the e-code list
 * @param maxReportRows most rows in one CSV report
 * @param stockTopUpEnabled whether an organisation admin may add stock itself (a stand-in for the purchase flow)
 * @param pdfThreads threads that may render PDFs at once
 * @param idempotencyTtl how long an Idempotency-Key answers a retry with the first result
 * @param redemptionsPerHour e-codes one account may try to redeem in an hour, right or wrong: a person has one or two,
 *        and a guesser is stopped long before a code's 16 characters could be found
 */
@ConfigurationProperties("sigillum.issuance")
@Validated
public record IssuanceProperties(@DefaultValue("1000") @Min(1) @Max(10_000) int maxCodesPerRequest,
        @DefaultValue("P24M") @NotNull Period codeValidity,
        @DefaultValue("Europe/Warsaw") @NotNull ZoneId zone,
        @DefaultValue Optional<String> redeemAt,
        @DefaultValue("100") @Min(1) @Max(1000) int maxPageSize,
        @DefaultValue("10000") @Min(1) int maxReportRows,
        @DefaultValue("true") boolean stockTopUpEnabled,
        @DefaultValue("2") @Min(1) int pdfThreads,
        @DefaultValue("24h") @NotNull Duration idempotencyTtl,
        @DefaultValue("10") @Min(1) int redemptionsPerHour) {
}
