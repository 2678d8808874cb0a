package de.xoevhub.seal;

/** Sealing a message failed: the reason goes on the Laufzettel. */
public class SealingException extends RuntimeException {

    public SealingException(String message) {
        super(message);
    }

    public SealingException(String message, Throwable cause) {
        super(message, cause);
    }
}
