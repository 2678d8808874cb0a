package de.xoevhub.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.xoevhub.ZipEntries;
import de.xoevhub.container.Manifest.Part;
import de.xoevhub.spool.Content;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class SubmissionContainerTest {

    private static final Content MESSAGE = Content.of("<antrag/>".getBytes(StandardCharsets.UTF_8));
    private static final List<Attachment> ATTACHMENTS = List.of(
            new Attachment("scan.pdf", "application/pdf", Content.of(new byte[] {'%', 'P', 'D', 'F', 1, 2, 3})),
            new Attachment("foto.png", "image/png", Content.of(new byte[] {(byte) 0x89, 'P', 'N', 'G'})));

    @Test
    void theManifestComesFirstAndListsEveryPartWithItsHash() throws Exception {
        Manifest manifest = SubmissionContainer.manifest(MESSAGE, ATTACHMENTS);
        Map<String, byte[]> entries = ZipEntries.of(write(manifest));

        assertThat(entries.keySet()).containsExactly("manifest.json", "nachricht.xml", "anlagen/scan.pdf",
                "anlagen/foto.png");
        assertThat(entries.get("nachricht.xml")).isEqualTo(MESSAGE.bytes());
        assertThat(entries.get("anlagen/foto.png")).isEqualTo(ATTACHMENTS.get(1).content().bytes());
        Manifest read = Manifest.parse(entries.get("manifest.json"));
        assertThat(read).isEqualTo(manifest);
        assertThat(read.format()).isEqualTo("xoev-hub-container/1");
        assertThat(read.anlagen()).extracting(Part::sha256)
                .containsExactly(ATTACHMENTS.get(0).content().sha256(), ATTACHMENTS.get(1).content().sha256());
        assertThat(read.anlagen().get(0).mediaType()).isEqualTo("application/pdf");
        assertThat(read.nachricht().size()).isEqualTo(MESSAGE.size());
        assertThat(manifest.describe()).contains("anlagen/scan.pdf application/pdf bytes=7 sha256="
                + ATTACHMENTS.get(0).content().sha256());
    }

    @Test
    void samePartsGiveTheSameBytesAndHashOtherAttachmentsAnother() throws Exception {
        Manifest manifest = SubmissionContainer.manifest(MESSAGE, ATTACHMENTS);
        assertThat(write(SubmissionContainer.manifest(MESSAGE, ATTACHMENTS))).isEqualTo(write(manifest));
        Manifest other = SubmissionContainer.manifest(MESSAGE, List.of(ATTACHMENTS.get(0)));
        assertThat(other.sha256()).isNotEqualTo(manifest.sha256());
    }

    @Test
    void readingStreamsTheManifestThenEachPart() throws Exception {
        Manifest manifest = SubmissionContainer.manifest(MESSAGE, ATTACHMENTS);
        Map<String, byte[]> parts = new LinkedHashMap<>();
        List<Manifest> seen = new ArrayList<>();
        SubmissionContainer.read(new ByteArrayInputStream(write(manifest)), new SubmissionContainer.Reader() {
            @Override
            public void manifest(Manifest m) {
                seen.add(m);
            }

            @Override
            public void part(Part part, InputStream content) throws IOException {
                parts.put(part.name(), content.readAllBytes());
            }
        });
        assertThat(seen).containsExactly(manifest);
        assertThat(parts.keySet()).containsExactly("nachricht.xml", "anlagen/scan.pdf", "anlagen/foto.png");
    }

    @Test
    void aZipWithoutManifestIsNotAContainer() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("nachricht.xml"));
            zip.write(MESSAGE.bytes());
        }
        assertThatThrownBy(() -> SubmissionContainer.read(new ByteArrayInputStream(bytes.toByteArray()),
                new SubmissionContainer.Reader() {
                    @Override
                    public void manifest(Manifest manifest) {
                    }

                    @Override
                    public void part(Part part, InputStream content) {
                    }
                })).isInstanceOf(IOException.class).hasMessageContaining("manifest.json");
    }

    private static byte[] write(Manifest manifest) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SubmissionContainer.write(manifest, MESSAGE, ATTACHMENTS, out);
        return out.toByteArray();
    }
}
