package de.xoevhub.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import de.xoevhub.monitoring.DeliveryMetrics.Event;
import de.xoevhub.tracking.SubmissionState;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Which destinations a state change concerns, read from the Laufzettel entries before it: only where the hub wrote
 * them, and only destinations of the routing table (here a, b and demo).
 */
class DeliveryMetricsTest {

    private static final Predicate<String> CONFIGURED = Set.of("a", "b", "demo")::contains;

    @Test
    void deliveredCountsTheDestinationsOfTheLastPassOnly() {
        List<Event> events = List.of(
                new Event("route", "ROUTED", "rule=fanout destinations=[a, b]"),
                new Event("deliver", "DELIVERED", "destination=a address=fv.a seal=off"),
                new Event("pipeline", "FAILED", "destination=b attempt 3 of 3: IOException"),
                new Event("route", "ROUTED", "rule=fanout destinations=[b]"),
                new Event("deliver", "HANDED_OVER", "destination=b queued on hub.handover.b"),
                new Event("deliver", "DELIVERED", "destination=b sftp file=x.p7m"));
        assertThat(DeliveryMetrics.destinations(SubmissionState.DELIVERED, events, CONFIGURED)).containsExactly("b");
    }

    @Test
    void failedNamesTheDestinationWhoseHandoverFailedOrNone() {
        assertThat(DeliveryMetrics.destinations(SubmissionState.FAILED, List.of(
                new Event("pipeline", "RETRY", "destination=a attempt 1 of 3: x"),
                new Event("pipeline", "FAILED", "destination=b attempt 3 of 3: x")), CONFIGURED))
                .containsExactly("b");
        assertThat(DeliveryMetrics.destinations(SubmissionState.FAILED, List.of(
                new Event("pipeline", "FAILED", "attempt 3 of 3: SealingException: no certificate")), CONFIGURED))
                .containsExactly("none");
        assertThat(DeliveryMetrics.destinations(SubmissionState.FAILED, List.of(
                new Event("pipeline", "FAILED", "attempt 3 of 3: JMSException: destination=a")), CONFIGURED))
                .as("an exception's message names no destination").containsExactly("none");
    }

    @Test
    void anAnswerNamesTheDestinationThatSentIt() {
        assertThat(DeliveryMetrics.destinations(SubmissionState.ACKNOWLEDGED, List.of(
                new Event("deliver", "DELIVERED", "destination=a address=fv.a"),
                new Event("acknowledge", "ACKNOWLEDGED", "outcome=ACCEPTED destination=a aktenzeichen=1")),
                CONFIGURED)).containsExactly("a");
        assertThat(DeliveryMetrics.destinations(SubmissionState.REJECTED_BY_RECIPIENT, List.of(
                new Event("acknowledge", "REJECTED_BY_RECIPIENT", "outcome=REJECTED text=no")), CONFIGURED))
                .containsExactly("unknown");
    }

    @Test
    void anAnswerNeverLabelsByARecipientsOwnWords() {
        assertThat(DeliveryMetrics.destinations(SubmissionState.ACKNOWLEDGED, List.of(
                new Event("acknowledge", "ACKNOWLEDGED", "outcome=ACCEPTED destination=fv-nowhere-4711")), CONFIGURED))
                .as("a hubDestination the routing table does not know").containsExactly("unknown");
        assertThat(DeliveryMetrics.destinations(SubmissionState.REJECTED_BY_RECIPIENT, List.of(
                new Event("acknowledge", "REJECTED_BY_RECIPIENT", "outcome=REJECTED text=ask destination=demo")),
                CONFIGURED)).as("the text names a destination, the answer none").containsExactly("unknown");
        assertThat(DeliveryMetrics.destinations(SubmissionState.ACKNOWLEDGED, List.of(
                new Event("acknowledge", "ACKNOWLEDGED", "outcome=ACCEPTED aktenzeichen=AZ 1 destination=b")),
                CONFIGURED)).containsExactly("unknown");
    }

    @Test
    void aDeliveryToADestinationNoLongerConfiguredIsUnknown() {
        assertThat(DeliveryMetrics.destinations(SubmissionState.DELIVERED, List.of(
                new Event("route", "ROUTED", "rule=r destinations=[a, gone]"),
                new Event("deliver", "DELIVERED", "destination=a address=fv.a"),
                new Event("deliver", "DELIVERED", "destination=gone address=fv.gone")), CONFIGURED))
                .containsExactly("a", "unknown");
    }
}
