package de.xoevhub.intake;

import java.net.URI;
import org.apache.catalina.connector.ClientAbortException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Renders every error as application/problem+json: the hub's own {@link SubmissionProblem}s, Spring MVC's
 * standard errors (inherited), and anything unexpected, whose details stay in the log.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);
    static final String TYPE_PREFIX = "urn:xoev-hub:problem:";
    static final String RETRY_AFTER_SECONDS = "30";

    @ExceptionHandler(SubmissionProblem.class)
    ResponseEntity<ProblemDetail> handle(SubmissionProblem problem) {
        return render(problem);
    }

    static ResponseEntity<ProblemDetail> render(SubmissionProblem problem) {
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

    /** The client ended the body before its declared Content-Length (or the connection broke while reading it). */
    @ExceptionHandler(ClientAbortException.class)
    ResponseEntity<ProblemDetail> bodyIncomplete(ClientAbortException e) {
        LOG.info("request body incomplete: {}", e.getCause() == null ? e.getClass().getSimpleName()
                : e.getCause().getClass().getSimpleName());
        return handle(new SubmissionProblem(HttpStatus.BAD_REQUEST, "body-incomplete", "Body incomplete",
                "the connection ended before the whole body arrived"));
    }

    /** The database is down: a failed statement, or (seen in the outage drill) a transaction that cannot begin or end. */
    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> storeUnavailable(Exception e) {
        LOG.error("ledger unavailable: {}", e.getClass().getSimpleName());
        return handle(new SubmissionProblem(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable",
                "Temporarily unable to record", "the message ledger is unavailable; retry later"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        LOG.error("unexpected error in the portal API", e);
        return handle(new SubmissionProblem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "the hub could not process the request; the error is logged"));
    }
}
