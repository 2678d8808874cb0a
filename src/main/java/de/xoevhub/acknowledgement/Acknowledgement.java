package de.xoevhub.acknowledgement;

/**
 * What a Fachverfahren said about a delivered message: which message (the hub's id, or the nachrichtenUUID the
 * portal gave it), whether the procedure accepted or rejected it, and an optional Aktenzeichen and text.
 * {@code problem} is set when the acknowledgement itself could not be understood.
 */
public record Acknowledgement(String hubMessageId, String nachrichtenUUID, String destination, Outcome outcome,
                              String aktenzeichen, String text, String problem) {

    /** The procedure's answer. */
    public enum Outcome { ACCEPTED, REJECTED }

    static Acknowledgement invalid(String problem) {
        return new Acknowledgement(null, null, null, null, null, null, problem);
    }
}
