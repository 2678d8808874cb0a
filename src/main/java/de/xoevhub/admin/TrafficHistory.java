package de.xoevhub.admin;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The dashboard's sparklines, from the ledger: messages received per half hour over the last 24 hours, and the mean
 * time from receipt to the last delivery of the messages received in each half hour. Drawn as inline SVG
 * polylines (no script, no library), within the reader's tenant scope.
 */
@Component
class TrafficHistory {

    /** One sparkline: its SVG points, the largest and the latest value, as text with their unit. */
    record Sparkline(String label, String points, String max, String last, int width, int height) {
    }

    static final int BUCKETS = 48;
    static final Duration BUCKET = Duration.ofMinutes(30);
    static final int WIDTH = 240;
    static final int HEIGHT = 40;

    private final JdbcClient jdbc;
    private final Clock clock;

    TrafficHistory(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    List<Sparkline> last24Hours(Set<String> scope) {
        long size = BUCKET.toMillis();
        // aligned to the bucket, so a bucket's count does not change as the clock moves within it
        long start = (clock.millis() / size + 1) * size - BUCKETS * size;
        double[] received = new double[BUCKETS];
        double[] latency = new double[BUCKETS];
        List<Object> params = new ArrayList<>(List.of(start, size, start));
        StringBuilder tenants = new StringBuilder();
        MessageSearch.scope(tenants, params, scope);
        jdbc.sql("SELECT b, COUNT(*) AS n FROM (SELECT (received_at - ?) / ? AS b FROM submission "
                        + "WHERE received_at >= ?" + tenants + ") t GROUP BY b")
                .params(params).query(rs -> {
                    put(received, rs.getLong("b"), rs.getDouble("n"));
                });
        jdbc.sql("SELECT b, AVG(took) AS mean FROM (SELECT (s.received_at - ?) / ? AS b, "
                        + "MAX(e.at_ms) - s.received_at AS took FROM submission s JOIN laufzettel_event e "
                        + "ON e.submission_id = s.id AND e.step = 'deliver' AND e.outcome = 'DELIVERED' "
                        + "WHERE s.received_at >= ?" + tenants.toString().replace("tenant", "s.tenant")
                        + " GROUP BY s.id, s.received_at) t GROUP BY b")
                .params(params).query(rs -> {
                    put(latency, rs.getLong("b"), rs.getDouble("mean") / 1000.0);
                });
        return List.of(line("Messages received per 30 minutes", received, "%.0f"),
                line("Mean time to delivery (s)", latency, "%.2f"));
    }

    private static void put(double[] into, long bucket, double value) {
        if (bucket >= 0 && bucket < into.length) {
            into[(int) bucket] = value;
        }
    }

    static Sparkline line(String label, double[] values, String format) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, v);
        }
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            double x = (double) i * WIDTH / (values.length - 1);
            double y = max == 0 ? HEIGHT - 1 : HEIGHT - 1 - values[i] / max * (HEIGHT - 2);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return new Sparkline(label, points.toString().strip(), String.format(Locale.ROOT, format, max),
                String.format(Locale.ROOT, format, values[values.length - 1]), WIDTH, HEIGHT);
    }
}
