package de.xoevhub.admin;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Counts failed console logins per username and client address. After {@code maxFailures} failures within the
 * window the pair is locked until the oldest of them leaves the window, whatever password comes next. Held in
 * memory (a restart unlocks) and bounded, so a flood of invented usernames cannot fill the heap.
 */
@Component
class LoginThrottle {

    private static final int MAX_KEYS = 10_000;

    private final Clock clock;
    private final int maxFailures;
    private final Duration window;
    private final Map<String, Deque<Long>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
            return size() > MAX_KEYS;
        }
    };

    LoginThrottle(Clock clock, AdminProperties properties) {
        this.clock = clock;
        this.maxFailures = properties.login().maxFailures();
        this.window = properties.login().window();
    }

    static String key(String username, String address) {
        return (username == null ? "" : username.strip().toLowerCase(Locale.ROOT)) + "|" + address;
    }

    synchronized boolean locked(String key) {
        Deque<Long> times = recent(key);
        return times != null && times.size() >= maxFailures;
    }

    /** Records a failure; true if the pair is locked now. */
    synchronized boolean failed(String key) {
        Deque<Long> times = recent(key);
        if (times == null) {
            times = new ArrayDeque<>();
            failures.put(key, times);
        }
        times.addLast(clock.millis());
        return times.size() >= maxFailures;
    }

    synchronized void succeeded(String key) {
        failures.remove(key);
    }

    Duration window() {
        return window;
    }

    private Deque<Long> recent(String key) {
        Deque<Long> times = failures.get(key);
        if (times != null) {
            long since = clock.millis() - window.toMillis();
            while (!times.isEmpty() && times.peekFirst() < since) {
                times.removeFirst();
            }
        }
        return times;
    }
}
