package io.sigillum.gateway.issuance.ecode;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.issuance.IssuanceFixtures;
import io.sigillum.gateway.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/** A report that would hold more rows than allowed is refused, not cut short: the oldest codes would go missing. */
@TestPropertySource(properties = "sigillum.issuance.max-report-rows=3")
class ReportLimitIntegrationTests extends IntegrationTest {

    @Autowired
    AccountService accounts;

    @Test
    void moreMatchingCodesThanAReportHoldsIsA422AndANarrowerFilterIsWhole() {
        IssuanceFixtures fixtures = new IssuanceFixtures(web, accounts);
        String admin = fixtures.newOrganisationAdmin();
        fixtures.addStock(admin, "CQS-1Y", 4);
        fixtures.addStock(admin, "CQS-2Y", 3);
        fixtures.generate(admin, "CQS-1Y", 4);
        fixtures.generate(admin, "CQS-2Y", 3);

        web.get().uri("/api/v1/org/ecodes/report.csv?productId=CQS-1Y").headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isEqualTo(422).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("report_too_large").jsonPath("$.maxRows").isEqualTo(3);
        String csv = web.get().uri("/api/v1/org/ecodes/report.csv?productId=CQS-2Y").headers(h -> h.setBearerAuth(admin))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(csv.split("\r\n")).hasSize(4);
    }
}
