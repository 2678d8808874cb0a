package de.xoevhub.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * The figures of one measured phase: count, wall time, throughput and latency percentiles. They are printed for
 * people and written as key=value lines so run.sh can put hub and bare loop side by side.
 */
final class Figures {

    private final Map<String, String> values = new LinkedHashMap<>();

    Figures(String name, long messages, long errors, long nanos, Histogram latencyMicros) {
        double secs = nanos / 1e9;
        put("name", name);
        put("messages", Long.toString(messages));
        put("errors", Long.toString(errors));
        put("seconds", String.format("%.3f", secs));
        put("throughput", String.format("%.1f", messages / secs));
        put("p50_ms", ms(latencyMicros.getValueAtPercentile(50)));
        put("p99_ms", ms(latencyMicros.getValueAtPercentile(99)));
        put("p999_ms", ms(latencyMicros.getValueAtPercentile(99.9)));
        put("max_ms", ms(latencyMicros.getMaxValue()));
    }

    Figures put(String key, String value) {
        values.put(key, value);
        return this;
    }

    String get(String key) {
        return values.get(key);
    }

    void print(PrintStream out) {
        out.printf("%-10s %8s msgs in %8s s = %8s msg/s | latency ms p50 %s  p99 %s  p99.9 %s  max %s | errors %s%n",
                values.get("name"), values.get("messages"), values.get("seconds"), values.get("throughput"),
                values.get("p50_ms"), values.get("p99_ms"), values.get("p999_ms"), values.get("max_ms"),
                values.get("errors"));
    }

    void write(Path file) throws IOException {
        Files.writeString(file, values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n")));
    }

    private static String ms(long micros) {
        return String.format("%.2f", micros / 1000.0);
    }
}
