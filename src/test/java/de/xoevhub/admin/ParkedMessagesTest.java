package de.xoevhub.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import de.xoevhub.admin.ParkedMessages.Parked;
import de.xoevhub.admin.ParkedMessages.Place;
import de.xoevhub.routing.RoutingTable;
import de.xoevhub.spool.Spool;
import de.xoevhub.tracking.Ledger;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The listing of parked messages browses the queue only as far as its page needs (the broker's side is a mock
 * here, to count what the listing takes off the browser; ParkedMessagesIT lists a full queue of the real broker).
 */
class ParkedMessagesTest {

    private final List<Message> queue = new ArrayList<>();
    private int browsed;
    private final ParkedMessages parked;

    ParkedMessagesTest() throws Exception {
        Session session = mock(Session.class);
        QueueBrowser browser = mock(QueueBrowser.class);
        when(session.createQueue(anyString())).thenReturn(mock(Queue.class));
        when(session.createBrowser(any())).thenReturn(browser);
        when(browser.getEnumeration()).thenAnswer(x -> new Enumeration<Message>() {
            @Override
            public boolean hasMoreElements() {
                return browsed < queue.size();
            }

            @Override
            public Message nextElement() {
                if (!hasMoreElements()) {
                    throw new NoSuchElementException();
                }
                return queue.get(browsed++);
            }
        });
        Connection connection = mock(Connection.class);
        when(connection.createSession(anyBoolean(), anyInt())).thenReturn(session);
        ConnectionFactory broker = mock(ConnectionFactory.class);
        when(broker.createConnection()).thenReturn(connection);
        Ledger ledger = mock(Ledger.class);
        when(ledger.find(anyString())).thenReturn(Optional.empty());
        parked = new ParkedMessages(broker, ledger, mock(AuditLog.class), mock(Spool.class), mock(RoutingTable.class));
    }

    @Test
    void aFullPageStopsTheBrowsingAtTheMessageThatFilledIt() throws Exception {
        park(1_200, i -> i % 2 == 0 ? "demo" : "other");

        List<Parked> all = parked.list(Place.DLQ, 1_000, tenant -> true);
        assertThat(all).hasSize(ParkedMessages.MAX_LIST);
        assertThat(all).extracting(Parked::hubMessageId).startsWith("m-0", "m-1").endsWith("m-499");
        assertThat(browsed).as("messages taken off the browser").isEqualTo(ParkedMessages.MAX_LIST);

        browsed = 0;
        List<Parked> demo = parked.list(Place.DLQ, 100, "demo"::equals);
        assertThat(demo).extracting(Parked::hubMessageId).startsWith("m-0", "m-2").endsWith("m-198").hasSize(100);
        assertThat(browsed).as("the other tenant's messages in between are browsed, no further").isEqualTo(199);
    }

    @Test
    void aQueueShorterThanThePageIsListedWhole() throws Exception {
        park(7, i -> "demo");
        assertThat(parked.list(Place.QUARANTINE, 100, "demo"::equals)).hasSize(7);
        assertThat(parked.list(Place.QUARANTINE, 0, "demo"::equals)).isEmpty();
    }

    private void park(int count, java.util.function.IntFunction<String> tenant) throws Exception {
        for (int i = 0; i < count; i++) {
            Message m = mock(Message.class);
            when(m.getStringProperty("hubMessageId")).thenReturn("m-" + i);
            when(m.getStringProperty("tenant")).thenReturn(tenant.apply(i));
            queue.add(m);
        }
    }
}
