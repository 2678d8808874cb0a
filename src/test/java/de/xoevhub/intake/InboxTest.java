package de.xoevhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import de.xoevhub.spool.Content;
import de.xoevhub.tracking.Submission;
import de.xoevhub.tracking.SubmissionState;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jms.JmsException;

/**
 * The intake's send has a deadline: with unlimited reconnect attempts the Artemis client blocks a new session for
 * as long as both brokers are down (docs/topology.md), and a portal must get 503 meanwhile, not a hanging request.
 */
class InboxTest {

    private final CountDownLatch brokerBack = new CountDownLatch(1);
    private final Session session = mock(Session.class);
    private final MessageProducer producer = mock(MessageProducer.class);
    private Inbox inbox;

    @AfterEach
    void release() {
        brokerBack.countDown();
        if (inbox != null) {
            inbox.destroy();
        }
    }

    @Test
    void aSendThatWaitsForTheBrokerGivesUpAfterTheTimeoutAndIsNeverMadeLater() throws Exception {
        inbox = new Inbox(factory(true), Duration.ofMillis(300), 2);

        long start = System.nanoTime();
        assertThatThrownBy(() -> inbox.send(submission(), Content.of(new byte[] {1}), null))
                .isInstanceOf(JmsException.class).hasMessageContaining("no answer from the broker");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

        brokerBack.countDown(); // the session the worker waited for opens after the caller answered 503
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> verify(session).close());
        verify(session, never()).createBytesMessage();
        verify(producer, never()).send(any(Message.class), anyInt(), anyInt(), anyLong());
    }

    @Test
    void sendsWaitingBeyondThePoolAreRefusedWithinTheirDeadline() throws Exception {
        inbox = new Inbox(factory(true), Duration.ofMillis(300), 1);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> inbox.send(submission(), Content.of(new byte[] {1}), null))
                    .isInstanceOf(JmsException.class);
        }
    }

    @Test
    void aSendQueuedBehindStuckOnesLetsGoOfItsBodyWhenItsCallerGivesUp() throws Exception {
        inbox = new Inbox(factory(true), Duration.ofMillis(200), 1);
        assertThatThrownBy(() -> inbox.send(submission(), Content.of(new byte[] {1}), null))
                .as("the one sender thread, stuck in the client").isInstanceOf(JmsException.class);

        WeakReference<Content> queued = sendAndGiveUp();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            System.gc();
            assertThat(queued.get()).as("the queued send's body, 1 MiB").isNull();
        });
    }

    private WeakReference<Content> sendAndGiveUp() {
        Content body = Content.of(new byte[1 << 20]);
        assertThatThrownBy(() -> inbox.send(submission(), body, null)).isInstanceOf(JmsException.class);
        return new WeakReference<>(body);
    }

    @Test
    void aSendWithinTheDeadlineIsMade() throws Exception {
        inbox = new Inbox(factory(false), Duration.ofSeconds(10), 2);

        inbox.send(submission(), Content.of(new byte[] {1}), null);

        verify(producer).send(any(Message.class), anyInt(), anyInt(), anyLong());
    }

    private ConnectionFactory factory(boolean brokerDown) throws Exception {
        ConnectionFactory cf = mock(ConnectionFactory.class);
        Connection connection = mock(Connection.class);
        when(cf.createConnection()).thenReturn(connection);
        when(connection.createSession(anyBoolean(), anyInt())).thenAnswer(call -> {
            if (brokerDown && !brokerBack.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test: the broker never came back");
            }
            return session;
        });
        when(session.createQueue(anyString())).thenReturn(mock(Queue.class));
        when(session.createProducer(any())).thenReturn(producer);
        when(session.createBytesMessage()).thenReturn(mock(BytesMessage.class));
        return cf;
    }

    private static Submission submission() {
        return new Submission("id-1", "ags:09000009", "demo-portal", "3f2b8c1e-5d4a-4b6f-9e1a-7c2d9f0a1b23", "demo",
                "1.0", "antrag", null, null, false, "00", 1L, SubmissionState.ACCEPTED, null, Instant.now());
    }
}
