package de.xoevhub.container;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import de.xoevhub.spool.Content;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * The table of contents of a submission container ({@code manifest.json}, its first entry): the XÖV message and
 * every attachment, each with its path in the ZIP, media type, size and SHA-256. Its own SHA-256 ({@link #sha256()})
 * identifies the submission as a whole, so a resubmission with the same message and the same attachments is a
 * repeat, and one with other attachments a conflict.
 */
public record Manifest(String format, Part nachricht, List<Part> anlagen) {

    public static final String FORMAT = "xoev-hub-container/1";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** One part: {@code name} is its path in the ZIP, {@code filename} the name the portal gave it. */
    public record Part(String name, String filename, String mediaType, long size, String sha256) {
    }

    public Manifest(Part nachricht, List<Part> anlagen) {
        this(FORMAT, nachricht, List.copyOf(anlagen));
    }

    public byte[] json() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Manifest parse(byte[] json) {
        try {
            return JSON.readValue(json, Manifest.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a container manifest: " + e.getMessage(), e);
        }
    }

    /** The SHA-256 of the manifest's JSON. */
    public String sha256() {
        return HexFormat.of().formatHex(Content.digest().digest(json()));
    }

    /** One line per part for the Laufzettel. */
    public String describe() {
        StringBuilder s = new StringBuilder("container=").append(FORMAT).append(" parts=").append(1 + anlagen.size());
        for (Part p : concat()) {
            s.append("; ").append(p.name()).append(' ').append(p.mediaType()).append(" bytes=").append(p.size())
                    .append(" sha256=").append(p.sha256());
        }
        return s.toString();
    }

    List<Part> concat() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(nachricht), anlagen.stream()).toList();
    }

    @Override
    public String toString() {
        return new String(json(), StandardCharsets.UTF_8);
    }
}
