package de.xoevhub.intake;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.slf4j.LoggerFactory;

/** The events logged while it is open, on the root logger (a logback ListAppender, detached on close). */
final class CapturedLogs implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    CapturedLogs() {
        appender.start();
        root.addAppender(appender);
    }

    List<ILoggingEvent> events() {
        synchronized (appender) { // AppenderBase appends under this lock
            return List.copyOf(appender.list);
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }

    /** Everything of an event that an appender could write: message, arguments, MDC, the throwable chain. */
    static String textOf(ILoggingEvent e) {
        StringBuilder text = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
        if (e.getArgumentArray() != null) {
            for (Object a : e.getArgumentArray()) {
                text.append(' ').append(a);
            }
        }
        text.append(' ').append(e.getMDCPropertyMap());
        Deque<IThrowableProxy> throwables = new ArrayDeque<>();
        if (e.getThrowableProxy() != null) {
            throwables.add(e.getThrowableProxy());
        }
        Set<IThrowableProxy> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!throwables.isEmpty()) {
            IThrowableProxy t = throwables.pop();
            if (!seen.add(t)) {
                continue;
            }
            text.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
            if (t.getCause() != null) {
                throwables.add(t.getCause());
            }
            if (t.getSuppressed() != null) {
                throwables.addAll(List.of(t.getSuppressed()));
            }
        }
        return text.toString();
    }
}
