package de.xoevhub.schema;

/**
 * A value of type xs:string itself: every character the parser lets through is valid, so only its length and hash
 * are kept for the stand-in. Types derived from xs:string are not streamed: the built-in ones (token, NCName, ID,
 * ...) and most in XÖV schemas restrict it with facets.
 */
final class PlainString implements StreamedValue {

    private long length;
    private long hash = 1125899906842597L;

    @Override
    public void feed(char[] ch, int start, int count) {
        long h = hash;
        for (int i = start, end = start + count; i < end; i++) {
            h = 31 * h + ch[i];
        }
        hash = h;
        length += count;
    }

    @Override
    public String problem() {
        return null;
    }

    @Override
    public String standIn() {
        return "[" + length + " characters, " + Long.toHexString(hash) + "]";
    }
}
