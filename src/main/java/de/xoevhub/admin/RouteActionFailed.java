package de.xoevhub.admin;

import java.util.Locale;
import org.apache.camel.util.URISupport;

/**
 * Camel refused or broke off an admin's start, stop, suspend or resume of a route, e.g. because the route's
 * endpoint cannot be reached. {@link #detail()} is what the audit log, the API and the console show: the failure
 * with the credentials of any endpoint URI in it masked, since a Camel message may quote a URI with its password
 * (the full exception goes to the log only).
 */
public class RouteActionFailed extends RuntimeException {

    private static final int MAX_DETAIL = 500;

    private final String detail;
    private final String stateAfter;

    RouteActionFailed(String routeId, RouteControl.Action action, Exception cause, String stateAfter) {
        super(action.name().toLowerCase(Locale.ROOT) + " of route " + routeId + " failed: " + describe(cause), cause);
        this.detail = describe(cause);
        this.stateAfter = stateAfter;
    }

    /** The failure, without secrets: the exception's message and, if different, that of its root cause. */
    public String detail() {
        return detail;
    }

    /** The route's state after the failed attempt (e.g. still Started after a failed stop). */
    public String stateAfter() {
        return stateAfter;
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = message(e);
        if (root != e && !text.contains(message(root))) {
            text += "; caused by " + message(root);
        }
        String safe = URISupport.sanitizeUri(text.replaceAll("\\s+", " ").strip());
        return safe.length() <= MAX_DETAIL ? safe : safe.substring(0, MAX_DETAIL) + "…";
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
