package de.xoevhub.schema;

/** One finding of a validation: where it is in the document and what is wrong. */
public record Violation(int line, int column, String path, String message) {
}
