package de.xoevhub.delivery;

import static de.xoevhub.delivery.PipelineHeaders.*;

import de.xoevhub.routing.RoutingProperties.Destination;
import de.xoevhub.routing.RoutingProperties.Sftp;
import de.xoevhub.sftp.SftpEndpoint;
import de.xoevhub.spool.Content;
import de.xoevhub.spool.LargeMessages;
import de.xoevhub.tracking.Laufzettel.Entry;
import de.xoevhub.tracking.Ledger;
import de.xoevhub.tracking.PendingDeliveries;
import de.xoevhub.tracking.SubmissionState;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The SFTP upload of a sealed copy, one route per SFTP destination (routes/sftp-handover.camel.yaml). The file is
 * named after the hub message id, so a redelivery overwrites the same file with the same bytes instead of adding a
 * second one; it is written under a temporary name and renamed, so the DMS never reads half a file.
 */
@Component("sftpHandover")
public class SftpHandover {

    public static final String QUEUE_PREFIX = "hub.handover.";

    private final Ledger ledger;
    private final PendingDeliveries pending;
    private final TransactionTemplate transaction;

    public SftpHandover(Ledger ledger, PendingDeliveries pending, TransactionTemplate transaction) {
        this.ledger = ledger;
        this.pending = pending;
        this.transaction = transaction;
    }

    /**
     * Names the file as the pipeline decided: {@code <hubMessageId>.p7m} (sealed) or {@code .xml} (seal off); for a
     * DMS {@code <hubMessageId>_Abgabe.Abgabe.0401.zip}, with {@code .p7m} when sealed.
     */
    public void prepare(Exchange exchange) {
        Message m = exchange.getMessage();
        Content copy = exchange.getProperty(LargeMessages.RECEIVED, Content.class);
        // a spooled copy is uploaded from its file, streamed
        m.setBody(copy instanceof Content.InFile spooled ? spooled.file().toFile() : copy.bytes());
        m.setHeader(Exchange.FILE_NAME, m.getHeader(FILE_NAME, String.class));
    }

    /** The upload is done: notes it, and marks the submission DELIVERED when nothing else is pending. */
    public void delivered(Exchange exchange) {
        Message m = exchange.getMessage();
        String id = m.getHeader(HUB_MESSAGE_ID, String.class);
        String destination = m.getHeader(DESTINATION, String.class);
        String file = m.getHeader(Exchange.FILE_NAME_PRODUCED, String.class);
        transaction.executeWithoutResult(tx -> {
            int left = pending.done(id, destination);
            ledger.record(id, left == 0 ? SubmissionState.DELIVERED : null, null, new Entry("deliver", "DELIVERED",
                    "destination=" + destination + " sftp file=" + (file != null ? file : m.getHeader(Exchange.FILE_NAME))));
        });
    }

    /** The Camel SFTP endpoint of a destination: host keys checked, temp name then rename, overwrite. */
    static String uri(Destination d) {
        Sftp s = d.sftp();
        StringBuilder uri = new SftpEndpoint("destination '" + d.id() + "'", s.host(), s.port(), s.path(), s.user(),
                s.knownHostsFile(), s.privateKeyFile(), s.passwordFile()).uri()
                .append("&fileExist=Override&autoCreate=false&stepwise=false&fastExistsCheck=true")
                .append("&tempFileName=${file:name}.part");
        if (s.doneFile()) {
            uri.append("&doneFileName=${file:name}.done");
        }
        return uri.toString();
    }
}
