package de.xoevhub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The sparkline's points: scaled to the box, the largest value at the top, zero at the bottom line. */
class TrafficHistoryTest {

    @Test
    void pointsSpanTheBoxAndScaleToTheLargestValue() {
        TrafficHistory.Sparkline line = TrafficHistory.line("x", new double[] {0, 5, 10}, "%.0f");
        String[] points = line.points().split(" ");
        assertThat(points).containsExactly("0.0,39.0", "120.0,20.0", "240.0,1.0");
        assertThat(line.max()).isEqualTo("10");
        assertThat(line.last()).isEqualTo("10");
        assertThat(line.width()).isEqualTo(TrafficHistory.WIDTH);
    }

    @Test
    void noTrafficIsAFlatLineAtTheBottom() {
        TrafficHistory.Sparkline line = TrafficHistory.line("x", new double[TrafficHistory.BUCKETS], "%.2f");
        assertThat(line.points().split(" ")).hasSize(TrafficHistory.BUCKETS).allMatch(p -> p.endsWith(",39.0"));
        assertThat(line.max()).isEqualTo("0.00");
    }
}
