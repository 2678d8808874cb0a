package de.xoevhub.intake;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A submission the hub refuses, rendered as RFC 7807 problem+json. {@code type} is the last segment of the
 * problem type URI; the catalogue of types is in docs/api.md.
 */
public class SubmissionProblem extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public SubmissionProblem(HttpStatus status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public SubmissionProblem with(String key, Object value) {
        if (value != null) {
            properties.put(key, value);
        }
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
