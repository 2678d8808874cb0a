package de.xoevhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * A database outage must answer 503 store-unavailable with Retry-After, however it surfaces: the outage drill
 * (bench/crash-campaign.sh … database) saw transactions that could not begin or roll back, which are not
 * DataAccessExceptions and were answered 500 before.
 */
class ProblemResponsesTest {

    private final ProblemResponses responses = new ProblemResponses();

    @Test
    void aTransactionThatCannotBeginOrEndIsAStoreOutage() {
        for (Exception outage : new Exception[] {new CannotCreateTransactionException("no connection"),
                new TransactionSystemException("JDBC rollback failed")}) {
            var response = responses.storeUnavailable(outage);
            assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(response.getBody().getType().toString()).isEqualTo("urn:xoev-hub:problem:store-unavailable");
            assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("30");
        }
    }
}
