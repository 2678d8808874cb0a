package de.xoevhub.intake;

import jakarta.activation.DataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;

/**
 * A multipart body whose part headers are taken as UTF-8 where their bytes are UTF-8, as browsers and
 * {@code curl -F} send a {@code filename} (RFC 7578, 4.2); other 8-bit bytes stay ISO-8859-1, as the parser read them.
 *
 * <p>Why here: angus-mail reads header lines as ISO-8859-1 unless the system property {@code mail.mime.allowutf8}
 * is set, which its {@code LineInputStream} reads once, when the class is loaded, for the whole JVM (a Session
 * property only reaches {@code MimeMessage}, and {@code MimeMultipart} has none). jakarta.mail lets a
 * {@code MimeMultipart} subclass make its parts, so the parts of a submission are decoded here and nothing else in
 * the JVM changes. ISO-8859-1 keeps every byte as one character, so the bytes as sent are recovered exactly.
 */
final class Utf8Multipart extends MimeMultipart {

    Utf8Multipart(DataSource source) throws MessagingException {
        super(source);
    }

    /** A part of a body read in place (a shared stream: the spool file, or memory). */
    @Override
    protected MimeBodyPart createMimeBodyPart(InputStream in) throws MessagingException {
        return new Part(in);
    }

    /** The headers of a part of any other body (its content then comes as bytes). */
    @Override
    protected InternetHeaders createInternetHeaders(InputStream in) throws MessagingException {
        return utf8(super.createInternetHeaders(in));
    }

    /** Every header line, each as UTF-8 where its bytes are UTF-8. */
    static InternetHeaders utf8(InternetHeaders read) {
        InternetHeaders decoded = new InternetHeaders();
        for (Enumeration<String> lines = read.getAllHeaderLines(); lines.hasMoreElements(); ) {
            decoded.addHeaderLine(utf8(lines.nextElement()));
        }
        return decoded;
    }

    /** The line's bytes (one ISO-8859-1 character each) as UTF-8 when they are UTF-8; else the line as read. */
    static String utf8(String line) {
        boolean eightBit = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c > 0xFF) {
                return line; // decoded already (mail.mime.allowutf8 set for the JVM)
            }
            eightBit |= c > 0x7F;
        }
        if (!eightBit) {
            return line;
        }
        try {
            // a new decoder reports malformed input rather than replacing it
            return StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(line.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
            return line;
        }
    }

    /** A part whose headers the parser read as usual, then decoded as UTF-8 where they are. */
    private static final class Part extends MimeBodyPart {
        Part(InputStream in) throws MessagingException {
            super(in);
            headers = utf8(headers);
        }
    }
}
