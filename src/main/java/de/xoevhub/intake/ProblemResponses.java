package de.xoevhub.intake;

import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Renders every {@link SubmissionProblem} as application/problem+json. */
@RestControllerAdvice
class ProblemResponses {

    static final String TYPE_PREFIX = "urn:xoev-hub:problem:";
    static final String RETRY_AFTER_SECONDS = "30";

    @ExceptionHandler(SubmissionProblem.class)
    ResponseEntity<ProblemDetail> handle(SubmissionProblem problem) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
        body.setType(URI.create(TYPE_PREFIX + problem.type()));
        body.setTitle(problem.title());
        problem.properties().forEach(body::setProperty);
        var response = ResponseEntity.status(problem.status());
        if (problem.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        if (problem.status() == HttpStatus.PAYLOAD_TOO_LARGE) {
            response.header(HttpHeaders.CONNECTION, "close");
        }
        return response.body(body);
    }
}
