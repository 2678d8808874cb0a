package de.xoevhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import de.xoevhub.tracking.Laufzettel;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.Submission;
import de.xoevhub.tracking.SubmissionState;
import jakarta.jms.JMSException;
import jakarta.jms.TransactionRolledBackException;
import java.time.Instant;
import java.util.Optional;
import org.apache.activemq.artemis.api.core.ActiveMQDuplicateIdException;
import org.apache.activemq.artemis.api.core.ActiveMQTransactionRolledBackException;
import org.junit.jupiter.api.Test;

class DuplicateCopiesTest {

    @Test
    void onlyTheBrokersDuplicateRefusalCounts() {
        JMSException duplicate = new JMSException("Duplicate message detected");
        duplicate.initCause(new ActiveMQDuplicateIdException("Duplicate message detected"));
        assertThat(DuplicateCopies.refusedAsDuplicate(duplicate)).isTrue();

        TransactionRolledBackException rolledBack = new TransactionRolledBackException("rolled back");
        rolledBack.initCause(new ActiveMQTransactionRolledBackException("failover"));
        assertThat(DuplicateCopies.refusedAsDuplicate(rolledBack)).as("a rollback for another reason").isFalse();
        assertThat(DuplicateCopies.refusedAsDuplicate(new JMSException("Duplicate message detected")))
                .as("the words alone").isFalse();
    }

    @Test
    void aFirstDeliveryIsASecondCopyOnceTheLedgerHasMovedOnFromAccepted() {
        assertThat(passedBefore(SubmissionState.ACCEPTED, null)).as("the first pass").isFalse();
        assertThat(passedBefore(SubmissionState.FAILED, Submission.BROKER_UNAVAILABLE))
                .as("the intake gave up waiting for the broker, but the send arrived").isFalse();
        assertThat(passedBefore(SubmissionState.DELIVERED, null)).isTrue();
        assertThat(passedBefore(SubmissionState.ROUTED, null)).as("SFTP uploads pending").isTrue();
        assertThat(passedBefore(SubmissionState.QUARANTINED, "UNROUTABLE")).isTrue();
        assertThat(passedBefore(SubmissionState.FAILED, "SealException: no certificate"))
                .as("the first copy ended on hub.dlq; a replay sets ACCEPTED").isTrue();
        assertThat(passedBefore(SubmissionState.ACKNOWLEDGED, null)).isTrue();

        Ledger empty = mock(Ledger.class);
        when(empty.find("unknown")).thenReturn(Optional.empty());
        assertThat(new DuplicateCopies(empty, mock(Laufzettel.class)).passedBefore("unknown"))
                .as("no ledger row: not a copy of anything the ledger knows").isFalse();
    }

    private static boolean passedBefore(SubmissionState state, String reason) {
        Ledger ledger = mock(Ledger.class);
        when(ledger.find("m-1")).thenReturn(Optional.of(new Submission("m-1", "demo", "demo-portal", "uuid",
                "XoevHubDemo", "1.0", "0001", null, null, true, "00", 1L, state, reason, Instant.now())));
        return new DuplicateCopies(ledger, mock(Laufzettel.class)).passedBefore("m-1");
    }
}
