package de.xoevhub.schema;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * Checks the lexical form of an xs:base64Binary value as it streams past, in constant memory (XML Schema 1.0,
 * 3.2.16: the value is whitespace-collapsed, so whitespace may occur anywhere; four characters per group; "=" only
 * as one or two padding characters at the end, after a character whose unused bits are zero). It also counts and
 * hashes the significant characters, so that a large value can be replaced by a short one that is equal exactly
 * when the original values are (identity constraints compare values).
 */
final class Base64Lexical implements StreamedValue {

    /**
     * Character classes: 0 not allowed, 1 whitespace, 2 padding, 3 alphabet, 4 alphabet and ends a "==" group, 5 ends
     * a "=" group.
     */
    private static final byte[] CLASS = new byte[128];

    static {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            CLASS[alphabet.charAt(i)] = 3;
        }
        for (char c : "AEIMQUYcgkosw048".toCharArray()) {
            CLASS[c] = 5;
        }
        for (char c : "AQgw".toCharArray()) {
            CLASS[c] = 4;
        }
        CLASS[' '] = 1;
        CLASS['\t'] = 1;
        CLASS['\n'] = 1;
        CLASS['\r'] = 1;
        CLASS['='] = 2;
    }

    private long significant;
    private int padding;
    private byte lastClass;
    private long hash = 1125899906842597L;
    private String problem;

    /** Feeds the next characters of the value; stops looking once the value is known to be invalid. */
    @Override
    public void feed(char[] ch, int start, int length) {
        if (problem != null) {
            return;
        }
        long h = hash;
        long n = significant;
        for (int i = start, end = start + length; i < end; i++) {
            char c = ch[i];
            byte kind = c < 128 ? CLASS[c] : 0;
            if (kind >= 3 && padding == 0) {
                n++;
                h = 31 * h + c;
                lastClass = kind;
            } else if (kind == 1) {
                continue;
            } else if (kind == 2 && padding < 2 && n > 0) {
                padding++;
                n++;
            } else {
                significant = n;
                hash = h;
                problem = kind == 2 ? "'=' at character " + (n + 1) + " (padding only at the end, at most two)"
                        : padding > 0 ? "'" + printable(c) + "' after the padding"
                        : "'" + printable(c) + "' is not a Base64 character";
                return;
            }
        }
        significant = n;
        hash = h;
    }

    /** Why the value seen so far cannot be valid, or null if it is valid as a complete value. */
    @Override
    public String problem() {
        if (problem != null) {
            return problem;
        }
        if (significant % 4 != 0) {
            return significant + " characters, not a multiple of 4";
        }
        if (padding == 2 && lastClass != 4) {
            return "the character before '==' has bits set that the padding drops";
        }
        if (padding == 1 && lastClass < 4) {
            return "the character before '=' has bits set that the padding drops";
        }
        return null;
    }

    /** Number of characters other than whitespace. */
    long significant() {
        return significant;
    }

    /**
     * A short valid value standing for this (valid) value: the Base64 form of its length and hash. Two values give
     * the same stand-in if they are equal (and otherwise with a chance of 2^-64).
     */
    @Override
    public String standIn() {
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(significant).putLong(hash * 31 + padding);
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("U+%04X", (int) c);
    }
}
