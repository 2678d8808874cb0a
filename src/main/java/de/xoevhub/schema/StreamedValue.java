package de.xoevhub.schema;

/**
 * A simple value that {@link LargeTextFilter} checks while it streams, instead of letting the validator collect it.
 */
interface StreamedValue {

    /** The next characters of the value. */
    void feed(char[] ch, int start, int length);

    /** Why the complete value is invalid, or null if it is valid. */
    String problem();

    /** A short valid value that is equal to another's stand-in exactly when the two values are equal. */
    String standIn();
}
