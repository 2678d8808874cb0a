package de.xoevhub.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HeadReaderTest {

    private final HeadReader reader = new HeadReader();

    @Test
    void readsRootAttributesAndNachrichtenkopfOfTheDemoSample() throws Exception {
        MessageHead head = reader.read(Files.readAllBytes(DemoMessages.SAMPLE));

        assertThat(head.namespace()).isEqualTo("urn:xoevhub:demo:1");
        assertThat(head.rootName()).isEqualTo("demo.antrag.0001");
        assertThat(head.standard()).isEqualTo("XoevHubDemo");
        assertThat(head.version()).isEqualTo("1.0");
        assertThat(head.test()).isTrue();
        assertThat(head.nachrichtenUUID()).isEqualTo("3f2b8c1e-5d4a-4b6f-9e1a-7c2d9f0a1b23");
        assertThat(head.nachrichtentyp()).isEqualTo("0001");
        assertThat(head.leser()).isEqualTo("ags:09000009");
        assertThat(head.autor()).isEqualTo("psw:01003110");
    }

    @Test
    void readsTheHeadOfARealXwasserMessage() throws Exception {
        Path sample = HubIT.SHARED.resolve("xwasser/tests/administration_receipt.xml");
        assumeTrue(Files.exists(sample), "../shared/xoev is not present");

        MessageHead head = reader.read(Files.readAllBytes(sample));

        assertThat(head.namespace()).isEqualTo("https://gitlab.opencode.de/akdb/xoev/xwasser/-/raw/main/V1_0_0");
        assertThat(head.standard()).isEqualTo("XWasser");
        assertThat(head.version()).isEqualTo("1.0.0");
        assertThat(head.nachrichtenUUID()).isEqualTo("693c64d6-456f-4d14-abe7-fe9681c74aaf");
        assertThat(head.nachrichtentyp()).isEqualTo("0010");
        assertThat(head.leser()).isEqualTo("psw:01003110");
        assertThat(head.autor()).isEqualTo("psw:11113110");
    }

    @Test
    void readsTheQualifiedBaseMessageHeaderAsWellAsTheUnqualified() {
        String qualified = """
                <xbau:baugenehmigung.antrag.0200 xmlns:xbau="http://www.xleitstelle.de/xbau/2/6"
                    xmlns:g2g="http://xoev.de/schemata/basisnachricht/g2g/1_1" standard="XBau" version="2.6">
                  <g2g:nachrichtenkopf.g2g>
                    <g2g:identifikation.nachricht>
                      <g2g:nachrichtenUUID>0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0</g2g:nachrichtenUUID>
                      <g2g:nachrichtentyp><code>0200</code></g2g:nachrichtentyp>
                    </g2g:identifikation.nachricht>
                    <g2g:leser><g2g:kennung>bbh:010020000000</g2g:kennung></g2g:leser>
                    <g2g:autor><g2g:kennung>psw:01003110</g2g:kennung></g2g:autor>
                  </g2g:nachrichtenkopf.g2g>
                  <xbau:antrag/>
                </xbau:baugenehmigung.antrag.0200>""";
        MessageHead head = reader.read(qualified.getBytes(StandardCharsets.UTF_8));
        assertThat(head.nachrichtenUUID()).isEqualTo("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        assertThat(head.nachrichtentyp()).isEqualTo("0200");
        assertThat(head.leser()).isEqualTo("bbh:010020000000");
        assertThat(head.autor()).isEqualTo("psw:01003110");
    }

    @Test
    void declaredKeyPathsReadAttributesAndDescendants() {
        MessageKeys keys = MessageKeys.of(java.util.Map.of("leser", "//p:empfaenger/@id", "autor", "/*/p:von",
                "nachrichtenUUID", "/*/p:kopf/p:id"), java.util.Map.of("p", "urn:p"));
        MessageHead head = reader.read(("<p:r xmlns:p='urn:p'><p:kopf><p:id>42</p:id></p:kopf><p:von>A</p:von>"
                + "<p:x><p:y><p:empfaenger id='B'/></p:y></p:x></p:r>").getBytes(StandardCharsets.UTF_8), keys);
        assertThat(head.nachrichtenUUID()).isEqualTo("42");
        assertThat(head.autor()).isEqualTo("A");
        assertThat(head.leser()).isEqualTo("B");
    }

    @Test
    void keyPathsRejectWhatTheStreamingSubsetCannotDo() {
        assertThatThrownBy(() -> KeyPath.parse("/*/a[1]", java.util.Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyPath.parse("a/b", java.util.Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyPath.parse("/x:a", java.util.Map.of()))
                .hasMessageContaining("undeclared prefix 'x'");
    }

    @Test
    void documentWithoutHeaderHasOnlyRootFacts() {
        MessageHead head = reader.read("<i:Invoice xmlns:i='urn:x'><i:ID>1</i:ID></i:Invoice>"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(head.namespace()).isEqualTo("urn:x");
        assertThat(head.messageType()).isEqualTo("Invoice");
        assertThat(head.nachrichtenUUID()).isNull();
        assertThat(head.version()).isNull();
    }

    @Test
    void ignoresSchemaLocationHints() {
        MessageHead head = reader.read(("<r xmlns='urn:a' xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' "
                + "xsi:schemaLocation='urn:a http://127.0.0.1:1/evil.xsd' version='2'/>").getBytes(StandardCharsets.UTF_8));
        assertThat(head.namespace()).isEqualTo("urn:a");
        assertThat(head.version()).isEqualTo("2");
    }

    @Test
    void testFlagAcceptsBothXsdBooleanSpellings() {
        assertThat(reader.read("<r xmlns='urn:a' test=' 1 '/>".getBytes(StandardCharsets.UTF_8)).test()).isTrue();
        assertThat(reader.read("<r xmlns='urn:a' test='true'/>".getBytes(StandardCharsets.UTF_8)).test()).isTrue();
        assertThat(reader.read("<r xmlns='urn:a' test='0'/>".getBytes(StandardCharsets.UTF_8)).test()).isFalse();
        assertThat(reader.read("<r xmlns='urn:a'/>".getBytes(StandardCharsets.UTF_8)).test()).isFalse();
    }

    @Test
    void refusesOverlongHeaderValues() {
        String leser = "ags:" + "9".repeat(HeadReader.MAX_FIELD_LENGTH);
        byte[] doc = DemoMessages.sample().replace("ags:09000009", leser).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> reader.read(doc)).isInstanceOfSatisfying(MalformedXmlException.class,
                e -> assertThat(e.kind()).isEqualTo(MalformedXmlException.Kind.LIMIT_EXCEEDED));
    }

    @Test
    void refusesDoctype() {
        assertThatThrownBy(() -> reader.read("<!DOCTYPE r [<!ENTITY e 'x'>]><r>&e;</r>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MalformedXmlException.class,
                        e -> assertThat(e.kind()).isEqualTo(MalformedXmlException.Kind.DOCTYPE_FORBIDDEN));
    }

    @Test
    void reportsLineAndColumnOfMalformedHead() {
        assertThatThrownBy(() -> reader.read("<r>\n  <nachrichtenkopf.g2g>\n <a></b>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MalformedXmlException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MalformedXmlException.Kind.MALFORMED);
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isPositive();
                });
    }
}
