package de.xoevhub.spool;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A message's bytes that can be read more than once: from memory when small, from a spool file when large. Every
 * step that reads a whole message (validation, sealing, hand-over) reads it through {@link #open()}, so a large
 * message is never held on the heap as a whole.
 */
public interface Content {

    /** A fresh stream over all the bytes. */
    InputStream open() throws IOException;

    long size();

    /** Whether the bytes are in a spool file rather than in memory: such content is only ever streamed. */
    default boolean spooled() {
        return false;
    }

    /** The bytes in memory: only for content known to be small. */
    default byte[] bytes() {
        try (InputStream in = open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hex SHA-256 of the bytes, read as a stream. */
    default String sha256() {
        try (DigestInputStream in = new DigestInputStream(open(), digest())) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Content of(byte[] bytes) {
        return new InMemory(bytes);
    }

    static Content of(Path file) {
        return new InFile(file);
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Content held in memory. */
    record InMemory(byte[] bytes) implements Content {
        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public String sha256() {
            return HexFormat.of().formatHex(digest().digest(bytes));
        }
    }

    /** Content in a (spool) file. */
    record InFile(Path file) implements Content {
        @Override
        public boolean spooled() {
            return true;
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(file);
        }

        @Override
        public long size() {
            try {
                return Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
