package de.xoevhub.dms;

import de.xoevhub.container.Manifest;
import de.xoevhub.container.Manifest.Part;
import de.xoevhub.container.SubmissionContainer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * An xdomea 3.0.0 package for a DMS / E-Akte: a ZIP with the message {@code <ProzessID>_Abgabe.Abgabe.0401.xml} and
 * the submission as its Primärdokument. Abgabe.Abgabe.0401 hands Schriftgutobjekte over to another registry, which
 * is what the hub does for an incoming application (docs/adr/0009). The package is a pure function of the
 * submission, so a redelivery writes the same bytes.
 */
public final class XdomeaPackage {

    static final String NS = "urn:xoev-de:xdomea:schema:3.0.0";
    public static final String MESSAGE_TYPE = "Abgabe.Abgabe.0401";

    /** What the package says about the submission, from the ledger and the XÖV header. */
    public record Metadata(String hubMessageId, String tenant, String portal, String standard, String version,
                           String nachrichtentyp, String nachrichtenUUID, String autor, String leser,
                           Instant receivedAt, String destination) {
    }

    private XdomeaPackage() {
    }

    /** The ZIP in memory (for small documents and tests). */
    public static byte[] zip(Metadata m, byte[] document) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(document.length + 8192);
        try {
            zip(m, new ByteArrayInputStream(document), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The ZIP, streamed: the xdomea message first, then the Primärdokument copied from {@code document}. */
    public static void zip(Metadata m, InputStream document, OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            entry(zip, m, messageFileName(m),
                    new ByteArrayInputStream(message(m, List.of()).getBytes(StandardCharsets.UTF_8)));
            entry(zip, m, documentFileName(m), document);
        }
    }

    /**
     * The ZIP of a submission with attachments, streamed from its container (docs/container.md): the xdomea message,
     * then the XÖV message as Primärdokument, then each attachment as the Primärdokument of an Anlage.
     */
    public static void zipContainer(Metadata m, InputStream container, OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            List<Part> attachments = new ArrayList<>();
            SubmissionContainer.read(container, new SubmissionContainer.Reader() {
                @Override
                public void manifest(Manifest manifest) throws IOException {
                    attachments.addAll(manifest.anlagen());
                    entry(zip, m, messageFileName(m),
                            new ByteArrayInputStream(message(m, attachments).getBytes(StandardCharsets.UTF_8)));
                }

                @Override
                public void part(Part part, InputStream content) throws IOException {
                    int n = attachments.indexOf(part);
                    entry(zip, m, n < 0 ? documentFileName(m) : attachmentFileName(m, n, part), content);
                }
            });
        }
    }

    private static void entry(ZipOutputStream zip, Metadata m, String name, InputStream content) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setLastModifiedTime(FileTime.from(m.receivedAt()));
        zip.putNextEntry(e);
        content.transferTo(zip);
        zip.closeEntry();
    }

    /** {@code <hubMessageId>_anlage<n>_<file name>}: the portal's file name was checked to hold no path. */
    static String attachmentFileName(Metadata m, int index, Part part) {
        return m.hubMessageId() + "_anlage" + (index + 1) + "_" + part.filename();
    }

    public static String messageFileName(Metadata m) {
        return m.hubMessageId() + "_" + MESSAGE_TYPE + ".xml";
    }

    static String documentFileName(Metadata m) {
        return m.hubMessageId() + "_nachricht.xml";
    }

    /** The xdomea message (UTF-8 XML): one Dokument, the XÖV message, with one Anlage per attachment. */
    static String message(Metadata m, List<Part> attachments) {
        StringWriter s = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(s);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeStartElement("xdomea", MESSAGE_TYPE, NS);
            x.writeNamespace("xdomea", NS);
            x.writeStartElement("xdomea", "Kopf", NS);
            text(x, "ProzessID", m.hubMessageId());
            x.writeStartElement("xdomea", "Nachrichtentyp", NS);
            x.writeAttribute("listURI", "urn:xoev-de:xdomea:codeliste:nachrichtentyp");
            x.writeAttribute("listVersionID", "2.0");
            plain(x, "code", "0401");
            x.writeEndElement();
            text(x, "Erstellungszeitpunkt", dateTime(m.receivedAt()));
            contact(x, "Absender", null, "xoev-hub, Mandant " + m.tenant());
            contact(x, "Empfaenger", null, "DMS " + m.destination());
            x.writeStartElement("xdomea", "SendendesSystem", NS);
            text(x, "Produktname", "xoev-hub");
            x.writeEndElement();
            text(x, "Importbestaetigung", "true");
            text(x, "Empfangsbestaetigung", "false");
            x.writeEndElement(); // Kopf

            x.writeStartElement("xdomea", "Schriftgutobjekt", NS);
            x.writeStartElement("xdomea", "Dokument", NS);
            document(x, m, "dokument", m.standard() + " " + m.version() + ", Nachricht " + m.nachrichtentyp(),
                    m.nachrichtenUUID(), "XÖV-Nachricht " + m.standard(), "030", documentFileName(m),
                    SubmissionContainer.MESSAGE);
            for (int i = 0; i < attachments.size(); i++) {
                Part a = attachments.get(i);
                x.writeStartElement("xdomea", "Anlage", NS);
                document(x, m, "anlage" + (i + 1), "Anlage " + (i + 1) + ": " + a.filename(), null,
                        "Anlage " + a.mediaType(), FileFormat.code(a.filename()), attachmentFileName(m, i, a),
                        a.filename());
                text(x, "Nummer", String.valueOf(i + 1));
                x.writeEndElement(); // Anlage
            }
            contact(x, "Absender", m.autor(), null);
            contact(x, "Empfaenger", m.leser(), null);
            x.writeEndElement(); // Dokument
            x.writeEndElement(); // Schriftgutobjekt
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return s.toString();
    }

    /** The parts of a DokumentType up to its Version: identification, metadata, type and the Primärdokument. */
    private static void document(XMLStreamWriter x, Metadata m, String role, String betreff, String kennzeichen,
                                 String typ, String formatCode, String fileName, String originalName)
            throws XMLStreamException {
        x.writeStartElement("xdomea", "Identifikation", NS);
        text(x, "ID", UUID.nameUUIDFromBytes((m.hubMessageId() + ":" + role).getBytes(StandardCharsets.UTF_8))
                .toString());
        x.writeEndElement();
        x.writeStartElement("xdomea", "AllgemeineMetadaten", NS);
        text(x, "Betreff", betreff);
        if (kennzeichen != null) {
            text(x, "Kennzeichen", kennzeichen);
        }
        text(x, "Bemerkung", "Eingang über xoev-hub: hubMessageId " + m.hubMessageId() + ", Portal " + m.portal()
                + ", nachrichtenUUID " + m.nachrichtenUUID());
        x.writeEndElement();
        text(x, "Posteingangsdatum", m.receivedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString());
        text(x, "Typ", typ);
        x.writeStartElement("xdomea", "Version", NS);
        text(x, "Nummer", "1");
        x.writeStartElement("xdomea", "Format", NS);
        x.writeStartElement("xdomea", "Name", NS);
        x.writeAttribute("listURI", "urn:xoev-de:xdomea:codeliste:dateiformat");
        x.writeAttribute("listVersionID", "1.0");
        plain(x, "code", formatCode);
        x.writeEndElement();
        text(x, "Version", "1.0");
        x.writeStartElement("xdomea", "Primaerdokument", NS);
        text(x, "Dateiname", fileName);
        text(x, "DateinameOriginal", originalName);
        text(x, "DatumUhrzeit", dateTime(m.receivedAt()));
        x.writeEndElement(); // Primaerdokument
        x.writeEndElement(); // Format
        x.writeEndElement(); // Version
    }

    /**
     * An xs:dateTime in UTC, always with seconds ({@code 2026-01-01T00:00:00Z}): OffsetDateTime.toString() leaves
     * them out when they and the fraction are zero ({@code 2026-01-01T00:00Z}), which is no xs:dateTime.
     */
    private static String dateTime(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /** A Kontakt: a Behördenkennung from an XÖV kennung ({@code prefix:key}), or a Zuständigkeit text. */
    private static void contact(XMLStreamWriter x, String element, String kennung, String zustaendigkeit)
            throws XMLStreamException {
        x.writeStartElement("xdomea", element, NS);
        if (kennung != null) {
            int colon = kennung.indexOf(':');
            x.writeStartElement("xdomea", "Behoerdenkennung", NS);
            x.writeStartElement("xdomea", "Behoerdenschluessel", NS);
            plain(x, "code", colon < 0 ? kennung : kennung.substring(colon + 1));
            x.writeEndElement();
            if (colon > 0) {
                x.writeStartElement("xdomea", "Praefix", NS);
                plain(x, "code", kennung.substring(0, colon));
                x.writeEndElement();
            }
            x.writeEndElement();
        }
        if (zustaendigkeit != null) {
            text(x, "Zustaendigkeit", zustaendigkeit);
        }
        x.writeEndElement();
    }

    private static void text(XMLStreamWriter x, String element, String value) throws XMLStreamException {
        x.writeStartElement("xdomea", element, NS);
        x.writeCharacters(value == null ? "" : value);
        x.writeEndElement();
    }

    /** An unqualified element (the XÖV code type's children). */
    private static void plain(XMLStreamWriter x, String element, String value) throws XMLStreamException {
        x.writeStartElement(element);
        x.writeCharacters(value);
        x.writeEndElement();
    }
}
