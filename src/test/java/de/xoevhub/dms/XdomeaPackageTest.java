package de.xoevhub.dms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import de.xoevhub.ZipEntries;
import de.xoevhub.container.Attachment;
import de.xoevhub.container.Manifest.Part;
import de.xoevhub.container.SubmissionContainer;
import de.xoevhub.spool.Content;
import de.xoevhub.schema.HeadReader;
import de.xoevhub.schema.SchemaBundle;
import de.xoevhub.schema.SchemaProperties;
import de.xoevhub.schema.SchemaRegistry;
import de.xoevhub.schema.SchemaValidator;
import de.xoevhub.schema.ValidationReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The xdomea package for a DMS: the message validates against the real xdomea 3.0.0 schema in ../shared/xoev
 * (skipped, saying so, where it is absent), carries the metadata of the XÖV header, and holds the submission as its
 * Primärdokument, byte for byte.
 */
class XdomeaPackageTest {

    private static final XdomeaPackage.Metadata META = new XdomeaPackage.Metadata(
            "6f2c1d3e-0a4b-4c5d-8e9f-0123456789ab", "demo", "demo-portal", "XoevHubDemo", "1.0", "0001",
            "3f2b8c1e-5d4a-4b6f-9e1a-7c2d9f0a1b23", "psw:01003110", "ags:09162000",
            Instant.parse("2026-11-22T06:30:00.123Z"), "dms-xdomea");

    @Test
    void theMessageValidatesAgainstXdomea300() {
        assumeTrue(Files.isDirectory(HubIT.SHARED.resolve("xdomea")), "../shared/xoev/xdomea is not present at "
                + HubIT.SHARED.resolve("xdomea").toAbsolutePath());
        SchemaRegistry registry = new SchemaRegistry(new SchemaProperties(List.of(Path.of("src/test/resources/bundles"))));
        byte[] xml = XdomeaPackage.message(META, java.util.List.of()).getBytes(StandardCharsets.UTF_8);
        SchemaBundle bundle = registry.bundleFor(new HeadReader().root(xml));
        assertThat(bundle.id()).isEqualTo("xdomea-3.0.0");

        ValidationReport report = new SchemaValidator().xsd(xml, bundle);
        assertThat(report.violations()).as(XdomeaPackage.message(META, java.util.List.of())).isEmpty();

        // and the bundle's keys read the package like any other xdomea message
        var head = new HeadReader().read(xml, bundle.keys());
        assertThat(head.nachrichtenUUID()).isEqualTo(META.hubMessageId());
        assertThat(head.nachrichtentyp()).isEqualTo("0401");
    }

    @Test
    void aSubmissionReceivedOnTheMinuteGetsTimesWithSecondsAndStillValidates() {
        XdomeaPackage.Metadata onTheMinute = new XdomeaPackage.Metadata(META.hubMessageId(), META.tenant(),
                META.portal(), META.standard(), META.version(), META.nachrichtentyp(), META.nachrichtenUUID(),
                META.autor(), META.leser(), Instant.parse("2026-01-01T00:00:00Z"), META.destination());
        String message = XdomeaPackage.message(onTheMinute, List.of(new Part("anlagen/a.pdf", "a.pdf",
                "application/pdf", 1, "00")));
        // xs:dateTime needs the seconds: 2026-01-01T00:00Z is not one
        assertThat(message)
                .contains("<xdomea:Erstellungszeitpunkt>2026-01-01T00:00:00Z</xdomea:Erstellungszeitpunkt>")
                .contains("<xdomea:DatumUhrzeit>2026-01-01T00:00:00Z</xdomea:DatumUhrzeit>")
                .doesNotContain("T00:00Z<");

        assumeTrue(Files.isDirectory(HubIT.SHARED.resolve("xdomea")), "../shared/xoev/xdomea is not present at "
                + HubIT.SHARED.resolve("xdomea").toAbsolutePath());
        byte[] xml = message.getBytes(StandardCharsets.UTF_8);
        SchemaRegistry registry = new SchemaRegistry(new SchemaProperties(List.of(Path.of("src/test/resources/bundles"))));
        SchemaBundle bundle = registry.bundleFor(new HeadReader().root(xml));
        assertThat(new SchemaValidator().xsd(xml, bundle).violations()).as(message).isEmpty();
    }

    @Test
    void zipHoldsTheMessageAndThePrimaerdokumentAndIsTheSameEveryTime() throws Exception {
        byte[] document = DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09162000");
        byte[] zip = XdomeaPackage.zip(META, document);
        Map<String, byte[]> entries = ZipEntries.of(zip);

        assertThat(entries.keySet()).containsExactly(META.hubMessageId() + "_Abgabe.Abgabe.0401.xml",
                META.hubMessageId() + "_nachricht.xml");
        assertThat(entries.get(META.hubMessageId() + "_nachricht.xml")).isEqualTo(document);
        String message = new String(entries.get(META.hubMessageId() + "_Abgabe.Abgabe.0401.xml"), StandardCharsets.UTF_8);
        assertThat(message).contains("<xdomea:ProzessID>" + META.hubMessageId() + "</xdomea:ProzessID>")
                .contains("<xdomea:Dateiname>" + META.hubMessageId() + "_nachricht.xml</xdomea:Dateiname>")
                .contains("<xdomea:Kennzeichen>" + META.nachrichtenUUID() + "</xdomea:Kennzeichen>")
                .contains("<code>01003110</code>").contains("<code>psw</code>").contains("<code>09162000</code>")
                .contains("XoevHubDemo 1.0, Nachricht 0001").contains("2026-11-22T06:30:00.123Z");
        assertThat(XdomeaPackage.zip(META, document)).as("a redelivery writes the same bytes").isEqualTo(zip);
    }

    @Test
    void withAttachmentsEachIsAnAnlageWithItsOwnPrimaerdokumentAndTheMessageStillValidates() throws Exception {
        assumeTrue(Files.isDirectory(HubIT.SHARED.resolve("xdomea")), "../shared/xoev/xdomea is not present at "
                + HubIT.SHARED.resolve("xdomea").toAbsolutePath());
        byte[] document = DemoMessages.antrag(UUID.randomUUID().toString(), "ags:09162000");
        byte[] pdf = "%PDF-1.7 test".getBytes(StandardCharsets.US_ASCII);
        byte[] odd = new byte[] {1, 2, 3};
        Content message = Content.of(document);
        List<Attachment> attachments = List.of(new Attachment("Bauplan.pdf", "application/pdf", Content.of(pdf)),
                new Attachment("daten.bin", "application/octet-stream", Content.of(odd)));
        java.io.ByteArrayOutputStream container = new java.io.ByteArrayOutputStream();
        SubmissionContainer.write(SubmissionContainer.manifest(message, attachments), message, attachments, container);
        java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
        XdomeaPackage.zipContainer(META, new java.io.ByteArrayInputStream(container.toByteArray()), zip);

        Map<String, byte[]> entries = ZipEntries.of(zip.toByteArray());
        String id = META.hubMessageId();
        assertThat(entries.keySet()).containsExactly(id + "_Abgabe.Abgabe.0401.xml", id + "_nachricht.xml",
                id + "_anlage1_Bauplan.pdf", id + "_anlage2_daten.bin");
        assertThat(entries.get(id + "_nachricht.xml")).isEqualTo(document);
        assertThat(entries.get(id + "_anlage1_Bauplan.pdf")).isEqualTo(pdf);
        byte[] xml = entries.get(id + "_Abgabe.Abgabe.0401.xml");
        String text = new String(xml, StandardCharsets.UTF_8);
        assertThat(text).contains("<xdomea:Anlage>").contains("<xdomea:DateinameOriginal>Bauplan.pdf<")
                .contains("<code>018</code>").contains("<code>100</code>").contains("<xdomea:Nummer>2</xdomea:Nummer>");

        SchemaRegistry registry = new SchemaRegistry(new SchemaProperties(List.of(Path.of("src/test/resources/bundles"))));
        SchemaBundle bundle = registry.bundleFor(new HeadReader().root(xml));
        assertThat(new SchemaValidator().xsd(xml, bundle).violations()).as(text).isEmpty();
    }
}
