package de.xoevhub.intake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code onCompletionExceptionHandler} of the SFTP intake consumers ({@link SftpOutbox#consumerUri()}): what
 * fails after a file was taken or given up (its move to {@code .done/} or {@code .error/}, the deletion of its
 * done-file, the rollback). Camel's own handler logs the file's name and path, which may be personal data
 * ("Antrag_Max_Mustermann.xml"); this one logs the portal, the submission id if the file became one, and the
 * exception's class and message with the file's name replaced by {@code <file>}. No stack trace: its messages name
 * the file too.
 */
@Component("sftpIntakeCompletionErrors")
class SftpIntakeCompletionErrors implements ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SftpIntakeCompletionErrors.class);

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        List<String> names = names(exchange);
        String portal = exchange == null ? null : exchange.getMessage().getHeader(SftpIntakeFiles.PORTAL, String.class);
        String id = exchange == null ? null
                : exchange.getMessage().getHeader(SftpIntakeFiles.SUBMISSION_ID, String.class);
        String target = exchange == null ? null
                : exchange.getMessage().getHeader(SftpIntakeFiles.TARGET, String.class);
        LOG.warn("SFTP file of portal {}{}: {} failed: {}", portal == null ? "?" : portal,
                id == null ? "" : " (submission " + id + ")", step(message, target), describe(exception, names));
    }

    /** What failed, in Camel's words without the file name (its message for a done-file names it). */
    private static String step(String message, String target) {
        if (message == null) {
            return "completion";
        }
        if (message.startsWith("Error during commit")) {
            return "its move" + (target == null ? "" : " to " + target + "/");
        }
        if (message.startsWith("Error during rollback")) {
            return "its rollback (it stays for the next poll)";
        }
        if (message.startsWith("Error deleting done file")) {
            return "deleting its done-file";
        }
        return "completion";
    }

    /** The class and message of the exception and of its causes, with the file's names replaced. */
    static String describe(Throwable exception, List<String> names) {
        StringBuilder text = new StringBuilder();
        Throwable t = exception;
        for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause() == t ? null : t.getCause()) {
            if (depth > 0) {
                text.append("; caused by ");
            }
            text.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(strip(t.getMessage(), names));
            }
        }
        return text.toString();
    }

    static String strip(String text, List<String> names) {
        String stripped = text;
        for (String name : names) {
            stripped = stripped.replace(name, "<file>");
        }
        return stripped;
    }

    /** The file's names as Camel may write them, longest first (a path before the bare name it ends with). */
    private static List<String> names(Exchange exchange) {
        List<String> names = new ArrayList<>();
        if (exchange != null) {
            for (String header : List.of(Exchange.FILE_PATH, Exchange.FILE_NAME_PRODUCED, Exchange.FILE_NAME_CONSUMED,
                    Exchange.FILE_NAME, Exchange.FILE_NAME_ONLY)) {
                String name = exchange.getMessage().getHeader(header, String.class);
                if (name == null) {
                    name = exchange.getIn().getHeader(header, String.class);
                }
                if (name != null && !name.isBlank()) {
                    names.add(name);
                }
            }
        }
        return names.stream().filter(Objects::nonNull).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }
}
