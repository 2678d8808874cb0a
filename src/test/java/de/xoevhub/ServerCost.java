package de.xoevhub;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * What a request costs the hub, measured in the test JVM that also runs the hub: the wall time of the call and the
 * bytes allocated meanwhile by the server's threads (by name). Allocation is an upper bound of the extra heap the
 * request could have held at any moment: whatever it held had to be allocated first. It over-counts garbage
 * (buffers allocated and dropped many times), never under-counts what was held.
 */
public final class ServerCost {

    /** Tomcat's acceptor, poller and request threads. */
    public static final Predicate<String> HTTP_THREADS = name -> name.startsWith("http-nio-");

    /** The result, the wall time, the bytes allocated and (for failure messages) the three threads that allocated most. */
    public record Measured<T>(T result, Duration took, long allocatedBytes, String top) {
    }

    private static final Map<Long, String> NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    private ServerCost() {
    }

    public static <T> Measured<T> of(Predicate<String> threads, Callable<T> call) throws Exception {
        Map<Long, Long> before = allocated(threads);
        long start = System.nanoTime();
        T result = call.call();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Map<Long, Long> after = allocated(threads);
        long sum = 0;
        Map<String, Long> perThread = new HashMap<>();
        for (var e : after.entrySet()) {
            long bytes = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            sum += bytes;
            perThread.merge(NAMES.getOrDefault(e.getKey(), "?"), bytes, Long::sum);
        }
        String top = perThread.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(3).map(e -> e.getKey() + "=" + e.getValue() / 1024 + " KiB").toList().toString();
        return new Measured<>(result, took, sum, top);
    }

    private static Map<Long, Long> allocated(Predicate<String> threads) {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<Long, Long> bytes = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (threads.test(t.getName())) {
                NAMES.put(t.getId(), t.getName());
                long b = mx.getThreadAllocatedBytes(t.getId());
                if (b >= 0) {
                    bytes.put(t.getId(), b);
                }
            }
        }
        return bytes;
    }
}
