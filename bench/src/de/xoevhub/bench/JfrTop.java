package de.xoevhub.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of the hub so a bench run says where the time went without a GUI: CPU samples by
 * thread pool, by hottest method, and inclusively by the hub's own and its libraries' methods, plus the time
 * request and pipeline threads spent blocked (locks, parks, fsync, socket reads), by the first application frame
 * that waited.
 * Usage: {@code JfrTop hub.jfr [thread-name-regex]}.
 */
public final class JfrTop {

    /** Frames of these packages are named in the blocking lists; JDK internals are skipped. */
    private static final Pattern INTERESTING = Pattern.compile(
            "^(de\\.xoevhub|org\\.h2|org\\.apache\\.activemq|org\\.springframework\\.jms|org\\.apache\\.camel\\.component"
                    + "|ch\\.qos\\.logback|org\\.apache\\.catalina|org\\.apache\\.coyote|com\\.zaxxer).*");
    /** The inclusive list: the hub's own methods and the library entry points each stage of a message goes through. */
    private static final Pattern STAGES = Pattern.compile("^(de\\.xoevhub\\..*"
            + "|org\\.apache\\.coyote\\.http11\\.Http11Processor\\.service"
            + "|org\\.springframework\\.web\\.servlet\\.DispatcherServlet\\.doDispatch"
            + "|org\\.springframework\\.jms\\.connection\\.JmsTransactionManager\\..*"
            + "|org\\.springframework\\.jms\\.listener\\.AbstractPollingMessageListenerContainer\\.receiveMessage"
            + "|org\\.apache\\.activemq\\.artemis\\.jms\\.client\\.ActiveMQConnectionFactory\\.createConnection.*"
            + "|org\\.apache\\.activemq\\.artemis\\.jms\\.client\\.ActiveMQConnection\\.(createSession|close)"
            + "|org\\.apache\\.activemq\\.artemis\\.jms\\.client\\.ActiveMQSession\\.(commit|close)"
            + "|org\\.apache\\.activemq\\.artemis\\.jms\\.client\\.ActiveMQMessageProducer\\.send"
            + "|org\\.apache\\.activemq\\.artemis\\.core\\.journal\\.impl\\.JournalImpl\\.append.*"
            + "|org\\.apache\\.activemq\\.artemis\\.core\\.server\\.impl\\.ServerSessionImpl\\.(send|commit)"
            + "|org\\.apache\\.camel\\.component\\.jms\\.JmsProducer\\.process"
            + "|org\\.apache\\.camel\\.processor\\.(MulticastProcessor|Splitter)\\.process"
            + "|org\\.h2\\.jdbc\\.JdbcPreparedStatement\\.execute(Update|Query)"
            + "|org\\.h2\\.engine\\.SessionLocal\\.commit"
            + "|ch\\.qos\\.logback\\.core\\.OutputStreamAppender\\.subAppend"
            + "|com\\.fasterxml\\.jackson\\.databind\\.ObjectWriter\\.writeValue"
            + ")$");
    /** The threads a message passes through: Tomcat's request threads and Camel's hub.inbox consumers. */
    private static final Pattern MESSAGE_PATH = Pattern.compile("http-nio-.*-exec-.*|.*JmsConsumer.*");
    private static final List<String> BLOCKING = List.of("jdk.JavaMonitorEnter", "jdk.ThreadPark", "jdk.FileForce",
            "jdk.FileWrite", "jdk.SocketRead");

    /** Arguments: the recording, and optionally a regular expression that selects the sampled threads by name. */
    public static void main(String[] args) throws Exception {
        Pattern threads = Pattern.compile(args.length > 1 ? args[1] : ".*");
        Map<String, Long> byThread = new HashMap<>();
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Map<String, Long>> blockedMicros = new HashMap<>();
        long samples = 0;
        try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                if (type.equals("jdk.ExecutionSample")
                        && threads.matcher(String.valueOf(e.getThread("sampledThread").getJavaName())).matches()) {
                    samples++;
                    byThread.merge(pool(e.getThread("sampledThread").getJavaName()), 1L, Long::sum);
                    List<RecordedFrame> frames = frames(e.getStackTrace());
                    if (!frames.isEmpty()) {
                        self.merge(name(frames.get(0)), 1L, Long::sum);
                    }
                    Set<String> seen = new HashSet<>();
                    for (RecordedFrame f : frames) {
                        String n = name(f);
                        if (STAGES.matcher(n).matches() && seen.add(n)) {
                            inclusive.merge(n, 1L, Long::sum);
                        }
                    }
                } else if (BLOCKING.contains(type) && e.getThread() != null
                        && MESSAGE_PATH.matcher(String.valueOf(e.getThread().getJavaName())).matches()) {
                    String where = frames(e.getStackTrace()).stream().map(JfrTop::name)
                            .filter(n -> INTERESTING.matcher(n).matches()).findFirst().orElse("(jdk or other)");
                    blockedMicros.computeIfAbsent(type, k -> new HashMap<>())
                            .merge(where, e.getDuration().toNanos() / 1000, Long::sum);
                }
            }
        }
        System.out.printf("CPU samples: %d%n", samples);
        print("CPU by thread pool", byThread, samples, 12, "%");
        print("CPU self (hottest methods)", self, samples, 15, "%");
        print("CPU inclusive (hub methods and library entry points per stage)", inclusive, samples, 45, "%");
        for (String type : BLOCKING) {
            Map<String, Long> m = blockedMicros.getOrDefault(type, Map.of());
            long total = m.values().stream().mapToLong(Long::longValue).sum();
            print(type + " on message-path threads (summed; events above the JFR 'profile' threshold): " + total / 1000
                    + " ms",
                    m, 0, 8, "ms");
        }
    }

    private static List<RecordedFrame> frames(RecordedStackTrace stack) {
        return stack == null ? List.of() : stack.getFrames();
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    /** Thread names without their numbers, so a pool of 200 Tomcat threads is one line. */
    private static String pool(String thread) {
        return thread == null ? "?" : thread.replaceAll("[0-9]+", "#");
    }

    private static void print(String title, Map<String, Long> counts, long total, int top, String unit) {
        System.out.println("-- " + title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.println(unit.equals("%")
                        ? String.format("  %5.1f%%  %s", 100.0 * e.getValue() / total, e.getKey())
                        : String.format("  %8d ms  %s", e.getValue() / 1000, e.getKey())));
    }
}
