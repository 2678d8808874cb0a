package de.xoevhub.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import de.xoevhub.monitoring.DeliveryMetrics.Event;
import de.xoevhub.tracking.SubmissionState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which destinations a state change concerns, read from the Laufzettel entries before it. */
class DeliveryMetricsTest {

    @Test
    void deliveredCountsTheDestinationsOfTheLastPassOnly() {
        List<Event> events = List.of(
                new Event("route", "ROUTED", "rule=fanout destinations=[a, b]"),
                new Event("deliver", "DELIVERED", "destination=a address=fv.a seal=off"),
                new Event("pipeline", "FAILED", "destination=b attempt 3 of 3: IOException"),
                new Event("route", "ROUTED", "rule=fanout destinations=[b]"),
                new Event("deliver", "HANDED_OVER", "destination=b queued on hub.handover.b"),
                new Event("deliver", "DELIVERED", "destination=b sftp file=x.p7m"));
        assertThat(DeliveryMetrics.destinations(SubmissionState.DELIVERED, events)).containsExactly("b");
    }

    @Test
    void failedNamesTheDestinationWhoseHandoverFailedOrNone() {
        assertThat(DeliveryMetrics.destinations(SubmissionState.FAILED, List.of(
                new Event("pipeline", "RETRY", "destination=a attempt 1 of 3: x"),
                new Event("pipeline", "FAILED", "destination=b attempt 3 of 3: x")))).containsExactly("b");
        assertThat(DeliveryMetrics.destinations(SubmissionState.FAILED, List.of(
                new Event("pipeline", "FAILED", "attempt 3 of 3: SealingException: no certificate"))))
                .containsExactly("none");
    }

    @Test
    void anAnswerNamesTheDestinationThatSentIt() {
        assertThat(DeliveryMetrics.destinations(SubmissionState.ACKNOWLEDGED, List.of(
                new Event("deliver", "DELIVERED", "destination=a address=fv.a"),
                new Event("acknowledge", "ACKNOWLEDGED", "outcome=ACCEPTED destination=a aktenzeichen=1"))))
                .containsExactly("a");
        assertThat(DeliveryMetrics.destinations(SubmissionState.REJECTED_BY_RECIPIENT, List.of(
                new Event("acknowledge", "REJECTED_BY_RECIPIENT", "outcome=REJECTED text=no"))))
                .containsExactly("unknown");
    }
}
