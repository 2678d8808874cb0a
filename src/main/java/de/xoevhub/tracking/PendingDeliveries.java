package de.xoevhub.tracking;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deliveries handed to their own transport (an SFTP upload) and not yet done. Called inside the ledger's
 * transactions, so the handover, each completed delivery and the final DELIVERED commit together.
 */
@Component
public class PendingDeliveries {

    private final JdbcClient jdbc;

    public PendingDeliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Notes the destinations still to be delivered; a repeat of the same note changes nothing. */
    public void expect(String submissionId, List<String> destinations) {
        for (String d : destinations) {
            if (jdbc.sql("SELECT count(*) FROM pending_delivery WHERE submission_id = ? AND destination = ?")
                    .params(submissionId, d).query(Integer.class).single() == 0) {
                jdbc.sql("INSERT INTO pending_delivery (submission_id, destination) VALUES (?,?)")
                        .params(submissionId, d).update();
            }
        }
    }

    /** A submission still waiting for an upload to {@code destination}, in {@code state}. */
    public record Waiting(String submissionId, String destination, SubmissionState state) {
    }

    /**
     * The uploads that submissions still wait for: those ROUTED, or ACCEPTED again since a replay put their copy back
     * on its handover queue. A FAILED or DISCARDED submission keeps its rows (the upload did not happen) but waits
     * for nothing.
     */
    public List<Waiting> waiting() {
        return jdbc.sql("SELECT p.submission_id, p.destination, s.state FROM pending_delivery p JOIN submission s "
                        + "ON s.id = p.submission_id WHERE s.state IN ('ROUTED', 'ACCEPTED') "
                        + "ORDER BY p.destination, p.submission_id")
                .query((rs, n) -> new Waiting(rs.getString(1), rs.getString(2),
                        SubmissionState.valueOf(rs.getString(3))))
                .list();
    }

    /** Marks one destination delivered; returns how many are still pending for the submission. */
    public int done(String submissionId, String destination) {
        jdbc.sql("DELETE FROM pending_delivery WHERE submission_id = ? AND destination = ?")
                .params(submissionId, destination).update();
        return jdbc.sql("SELECT count(*) FROM pending_delivery WHERE submission_id = ?").param(submissionId)
                .query(Integer.class).single();
    }
}
