package de.xoevhub.intake;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.io.EOFException;
import org.springframework.boot.web.server.ErrorPage;
import org.springframework.boot.web.server.ErrorPageRegistrar;
import org.springframework.boot.web.server.ErrorPageRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A body that breaks off before its declared Content-Length makes Tomcat itself answer 400 (sendError), which
 * bypasses {@link ProblemResponses} and would render Spring Boot's plain error JSON. Tomcat's 400s are sent here
 * instead, so they are problems too: {@code body-incomplete} when the body ended early.
 */
@RestController
class ReadFailures {

    static final String PATH = "/api/v1/problems/bad-request";

    @Bean
    static ErrorPageRegistrar badRequestsAsProblems() {
        return (ErrorPageRegistry registry) -> registry.addErrorPages(new ErrorPage(HttpStatus.BAD_REQUEST, PATH));
    }

    @RequestMapping(PATH)
    ResponseEntity<ProblemDetail> badRequest(HttpServletRequest request) {
        Throwable e = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        SubmissionProblem problem = endedEarly(e)
                ? new SubmissionProblem(HttpStatus.BAD_REQUEST, "body-incomplete", "Body incomplete",
                        "the connection ended before the whole body arrived")
                : new SubmissionProblem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request",
                        "the request could not be read");
        return ProblemResponses.render(problem);
    }

    private static boolean endedEarly(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException) {
                return true;
            }
        }
        return false;
    }
}
