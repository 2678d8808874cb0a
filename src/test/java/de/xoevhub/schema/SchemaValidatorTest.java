package de.xoevhub.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.xoevhub.DemoMessages;
import de.xoevhub.HubIT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Validation against the demo bundle and the real XWasser bundle, with the verdicts VALIDATION.md records. */
class SchemaValidatorTest {

    private static final SchemaRegistry REGISTRY = new SchemaRegistry(
            new SchemaProperties(List.of(Path.of("schemas"), Path.of("src/test/resources/bundles"))));
    private final SchemaValidator validator = new SchemaValidator();
    private final HeadReader heads = new HeadReader();

    @Test
    void demoSampleIsValid() throws Exception {
        byte[] doc = Files.readAllBytes(DemoMessages.SAMPLE);
        ValidationReport report = validator.validate(doc, REGISTRY.bundleFor(heads.read(doc)), null);
        assertThat(report.valid()).as(report.violations().toString()).isTrue();
        assertThat(report.bundle()).isEqualTo("xoevhub-demo-1.0");
    }

    @Test
    void invalidDemoSampleListsEveryViolationWithPosition() throws Exception {
        byte[] doc = Files.readAllBytes(DemoMessages.INVALID_SAMPLE);
        ValidationReport report = validator.validate(doc, REGISTRY.bundleFor(heads.read(doc)), null);

        assertThat(report.valid()).isFalse();
        assertThat(report.violationCount()).isEqualTo(3);
        assertThat(report.violations()).allSatisfy(v -> {
            assertThat(v.line()).isEqualTo(16);
            assertThat(v.path()).isEqualTo("/demo.antrag.0001/antrag/antragsteller/geburtsdatum");
        });
    }

    @Test
    void aValidatorLentAgainGivesEveryLaterDocumentItsOwnVerdict() throws Exception {
        SchemaBundle demo = new SchemaRegistry(new SchemaProperties(List.of(Path.of("schemas"))))
                .bundleFor(heads.read(Files.readAllBytes(DemoMessages.SAMPLE)));
        byte[] valid = Files.readAllBytes(DemoMessages.SAMPLE);
        byte[] invalid = Files.readAllBytes(DemoMessages.INVALID_SAMPLE);
        byte[] malformed = DemoMessages.sample().replace("</antragsteller>", "</antrag>")
                .getBytes(StandardCharsets.UTF_8);
        byte[] large = DemoMessages.sample().replace("1980-01-01", "1".repeat(100_000))
                .getBytes(StandardCharsets.UTF_8);
        List<Violation> firstVerdict = validator.validate(invalid, demo, null).violations();
        assertThat(demo.schema().idle()).as("given back after a normal end").isEqualTo(1);

        for (int round = 0; round < 3; round++) {
            assertThat(validator.validate(valid, demo, null).valid()).isTrue();
            assertThatThrownBy(() -> validator.validate(malformed, demo, null))
                    .isInstanceOf(MalformedXmlException.class);
            assertThat(demo.schema().idle()).as("an aborted parse's validator is dropped").isZero();
            assertThat(validator.validate(invalid, demo, null).violations()).isEqualTo(firstVerdict);
            assertThat(validator.validate(valid, demo, null).valid()).isTrue();
            assertThat(demo.schema().idle()).isEqualTo(1);
        }
        assertThat(validator.validate(large, demo, null).violationCount()).isPositive();
        assertThat(demo.schema().idle()).as("a large document's validator is not kept").isZero();
    }

    @Test
    void aLentValidatorCountsNoLimitAcrossDocuments() throws Exception {
        // 1,000 documents of 57 KB with 9,000 references each: more than the JDK's limits per document for the
        // total entity size (50 MB) and entity expansions (64,000), had the validator counted across documents
        String text = "a &amp; b &lt; c &#x41; d &gt; ".repeat(1_800);
        byte[] doc = DemoMessages.sample().replace("</antragsteller>",
                "</antragsteller><begruendung>" + text + "</begruendung>").getBytes(StandardCharsets.UTF_8);
        SchemaBundle demo = new SchemaRegistry(new SchemaProperties(List.of(Path.of("schemas"))))
                .bundleFor(heads.read(doc));
        for (int i = 0; i < 1_000; i++) {
            ValidationReport report = validator.validate(doc, demo, null);
            assertThat(report.valid()).as("document %d: %s", i, report.violations()).isTrue();
        }
        assertThat(demo.schema().idle()).as("one validator served them all").isEqualTo(1);
    }

    @Test
    void elementPathCountsRepeatedSiblings() {
        String doc = DemoMessages.sample().replace("</antragsteller>", """
                </antragsteller>
                <antragsteller><familienname>B</familienname><vorname>C</vorname><geburtsdatum>x</geburtsdatum></antragsteller>""");
        byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
        ValidationReport report = validator.validate(bytes, REGISTRY.bundleFor(heads.read(bytes)), null);
        assertThat(report.violations().get(0).path()).isEqualTo("/demo.antrag.0001/antrag/antragsteller[2]/geburtsdatum");
    }

    @Test
    void aViolationQuotesAHugeValueOnlyInPart() {
        // Xerces quotes the value whole; the report must not carry a megabyte into the ledger and the problem body
        String doc = DemoMessages.sample().replace("1980-01-01", "1".repeat(1_000_000));
        byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
        ValidationReport report = validator.validate(bytes, REGISTRY.bundleFor(heads.read(bytes)), null);
        assertThat(report.valid()).isFalse();
        assertThat(report.violations()).allSatisfy(v -> assertThat(v.message()).hasSizeLessThan(1_100));
        assertThat(report.violations().get(0).message()).contains("characters)");
    }

    @Test
    void largeBase64AttachmentsAreCheckedWhileTheyStream() {
        // over 512 KiB: more than the fast path lets the validator collect
        String base64 = java.util.Base64.getMimeEncoder().encodeToString(new byte[600_000]);
        byte[] valid = withAnlage(DemoMessages.sample(), base64);
        assertThat(validator.xsd(valid, demo()).valid()).isTrue();

        byte[] broken = withAnlage(DemoMessages.sample(), base64.substring(0, base64.length() - 4) + "AA!A");
        ValidationReport report = validator.xsd(broken, demo());
        assertThat(report.valid()).isFalse();
        // as for any invalid value of a type derived from base64Binary: the value and the element's content
        assertThat(report.violationCount()).isEqualTo(2);
        assertThat(report.violations()).allSatisfy(v -> {
            assertThat(v.path()).isEqualTo("/demo.antrag.0001/antrag/anlage");
            assertThat(v.message()).hasSizeLessThan(400);
        });
        assertThat(report.violations().get(0).message()).startsWith("cvc-datatype-valid.1.2.1")
                .contains("invalid Base64").contains("'!' is not a Base64 character");
        byte[] padded = withAnlage(DemoMessages.sample(), base64 + "QQ=A");
        assertThat(validator.xsd(padded, demo()).violations().get(0).message()).contains("after the padding");
    }

    @Test
    void theFilteringPathReportsWhatTheFastPathReports() {
        // the same invalid date, alone and next to long texts, through both paths
        SchemaValidator filtering = new SchemaValidator(SchemaProperties.DEFAULT_MAX_TEXT_SIZE, 0);
        String invalid = DemoMessages.sample().replace("1980-01-01", "1980-13-01");
        String base64 = "QUJD".repeat(25_000);
        for (byte[] doc : List.of(invalid.getBytes(StandardCharsets.UTF_8), withAnlage(invalid, base64),
                invalid.replace("</antragsteller>", "</antragsteller><begruendung>" + "x".repeat(100_000)
                        + "</begruendung>").getBytes(StandardCharsets.UTF_8))) {
            ValidationReport fast = validator.xsd(doc, demo());
            assertThat(fast.violationCount()).isPositive();
            assertThat(filtering.xsd(doc, demo()).violations()).isEqualTo(fast.violations());
        }

        // and a Base64 value the validator refuses for its content model, not its text: an attribute is missing
        String noName = DemoMessages.sample().replace("</antragsteller>", "</antragsteller><anlage mimeType=\"a/b\">"
                + base64 + "</anlage>");
        ValidationReport missing = filtering.xsd(noName.getBytes(StandardCharsets.UTF_8), demo());
        assertThat(missing.violations()).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("dateiname"));
    }

    @Test
    void textLongerThanTheLimitIsRefusedAsAParserLimit() {
        // counted from an element's start tag to the next start tag, as the validator collects text; leistung is
        // an xs:token
        SchemaValidator limited = new SchemaValidator(50_000);
        byte[] below = DemoMessages.sample().replace(">Wohngeld<", ">" + "W".repeat(49_990) + "<").getBytes(StandardCharsets.UTF_8);
        assertThat(limited.xsd(below, demo()).valid()).isTrue();

        byte[] above = DemoMessages.sample().replace(">Wohngeld<", ">" + "W".repeat(50_001) + "<").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> limited.xsd(above, demo()))
                .isInstanceOfSatisfying(MalformedXmlException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MalformedXmlException.Kind.LIMIT_EXCEEDED);
                    assertThat(e.getMessage()).contains("leistung").contains("50000");
                    assertThat(e.line()).isPositive();
                });

        // comments and CDATA sections do not hide a long text from the fast path's guard
        byte[] hidden = DemoMessages.sample().replace("1980-01-01",
                "<![CDATA[" + "1<a".repeat(20_000) + "]]>" + "1<!-- <a> -->".repeat(5_000))
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> limited.xsd(hidden, demo()))
                .isInstanceOfSatisfying(MalformedXmlException.class,
                        e -> assertThat(e.kind()).isEqualTo(MalformedXmlException.Kind.LIMIT_EXCEEDED));

        // Base64 content and xs:string itself are exempt: checked while they stream
        byte[] attachment = withAnlage(DemoMessages.sample(), "QUJD".repeat(100_000));
        assertThat(limited.xsd(attachment, demo()).valid()).isTrue();
        byte[] begruendung = DemoMessages.sample().replace("</antragsteller>",
                "</antragsteller><begruendung>" + "Gründe. ".repeat(100_000) + "</begruendung>")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(limited.xsd(begruendung, demo()).valid()).isTrue();
    }

    @Test
    void base64TypesWithFacetsAreLeftToTheValidator(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path bundle = Files.createDirectories(dir.resolve("b64"));
        Files.writeString(bundle.resolve("bundle.yaml"),
                "id: b64-1\nstandard: B64\nversion: '1'\nnamespace: urn:b64\nschema: b64.xsd\n");
        Files.writeString(bundle.resolve("b64.xsd"), """
                <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:b64" xmlns:b="urn:b64">
                  <xs:simpleType name="Small"><xs:restriction base="xs:base64Binary">
                    <xs:maxLength value="30000"/></xs:restriction></xs:simpleType>
                  <xs:complexType name="Named"><xs:simpleContent><xs:extension base="b:Small">
                    <xs:attribute name="n" type="xs:string"/></xs:extension></xs:simpleContent></xs:complexType>
                  <xs:element name="r"><xs:complexType><xs:sequence>
                    <xs:element name="plain" type="xs:base64Binary" form="unqualified"/>
                    <xs:element name="small" type="b:Named" form="unqualified"/>
                  </xs:sequence></xs:complexType></xs:element>
                </xs:schema>""");
        SchemaBundle b64 = new SchemaRegistry(new SchemaProperties(List.of(dir))).bundles().get(0);
        assertThat(b64.base64Types().derivedTypesToo()).isFalse();
        String big = "QUJD".repeat(20_000);
        SchemaValidator filtering = new SchemaValidator(SchemaProperties.DEFAULT_MAX_TEXT_SIZE, 0);
        byte[] doc = ("<b:r xmlns:b='urn:b64'><plain>" + big + "</plain><small>" + big + "</small></b:r>")
                .getBytes(StandardCharsets.UTF_8);
        ValidationReport report = filtering.xsd(doc, b64);
        assertThat(report.violations()).isNotEmpty().allSatisfy(v -> assertThat(v.path()).isEqualTo("/r/small"));
        assertThat(report.violations()).isEqualTo(validator.xsd(doc, b64).violations());
        assertThat(report.violations().get(0).message()).startsWith("cvc-maxLength-valid");

        SchemaBundle demo = demo();
        assertThat(demo.base64Types().derivedTypesToo()).as("the demo's anlage extends xs:base64Binary").isTrue();
    }

    private SchemaBundle demo() {
        return REGISTRY.bundles().stream().filter(b -> b.id().equals("xoevhub-demo-1.0")).findFirst().orElseThrow();
    }

    private static byte[] withAnlage(String doc, String base64) {
        return doc.replace("</antragsteller>", "</antragsteller><anlage dateiname=\"a.pdf\" mimeType=\"a/b\">"
                + base64 + "</anlage>").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void deepNestingHitsTheDepthLimit() {
        String doc = "<demo:demo.antrag.0001 xmlns:demo='urn:xoevhub:demo:1' standard='XoevHubDemo' version='1.0'>"
                + "<a>".repeat(300) + "</a>".repeat(300) + "</demo:demo.antrag.0001>";
        byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
        SchemaBundle demo = REGISTRY.bundleFor(heads.root(bytes));
        assertThatThrownBy(() -> validator.validate(bytes, demo, null))
                .isInstanceOfSatisfying(MalformedXmlException.class,
                        e -> assertThat(e.kind()).isEqualTo(MalformedXmlException.Kind.LIMIT_EXCEEDED));
    }

    @Test
    void tooManyAttributesAndOverlongNamesHitTheParserLimits() {
        StringBuilder attributes = new StringBuilder();
        for (int i = 0; i <= HardenedXml.MAX_ATTRIBUTES; i++) {
            attributes.append(" a").append(i).append("='x'");
        }
        for (String doc : List.of(
                "<demo:demo.antrag.0001 xmlns:demo='urn:xoevhub:demo:1'><x" + attributes + "/></demo:demo.antrag.0001>",
                "<demo:demo.antrag.0001 xmlns:demo='urn:xoevhub:demo:1'><" + "n".repeat(2000) + "/></demo:demo.antrag.0001>")) {
            byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
            SchemaBundle demo = REGISTRY.bundleFor(heads.root(bytes));
            assertThatThrownBy(() -> validator.validate(bytes, demo, null))
                    .isInstanceOfSatisfying(MalformedXmlException.class,
                            e -> assertThat(e.kind()).isEqualTo(MalformedXmlException.Kind.LIMIT_EXCEEDED));
        }
    }

    @Test
    void twoVersionsOfOneStandardLiveSideBySide(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path v2 = Files.createDirectories(dir.resolve("demo-2.0"));
        Files.writeString(v2.resolve("bundle.yaml"), "id: xoevhub-demo-2.0\nstandard: XoevHubDemo\nversion: '2.0'\n"
                + "namespace: urn:xoevhub:demo:1\nschema: demo.xsd\n");
        Files.writeString(v2.resolve("demo.xsd"), Files.readString(Path.of("schemas/demo/xoevhub-demo.xsd"))
                .replace("fixed=\"1.0\"", "fixed=\"2.0\""));
        SchemaRegistry registry = new SchemaRegistry(new SchemaProperties(List.of(Path.of("schemas"), dir)));
        byte[] v1doc = Files.readAllBytes(DemoMessages.SAMPLE);
        byte[] v2doc = DemoMessages.sample().replace("XoevHubDemo\" version=\"1.0\"", "XoevHubDemo\" version=\"2.0\"")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(registry.bundleFor(heads.root(v1doc)).id()).isEqualTo("xoevhub-demo-1.0");
        assertThat(registry.bundleFor(heads.root(v2doc)).id()).isEqualTo("xoevhub-demo-2.0");
        assertThat(validator.validate(v2doc, registry.bundleFor(heads.root(v2doc)), null).valid()).isTrue();
        assertThat(validator.validate(v2doc, registry.bundleFor(heads.root(v1doc)), null).valid())
                .as("the 1.0 schema refuses version 2.0").isFalse();
    }

    @Test
    void externalEntityIsNeverResolved() {
        String doc = "<!DOCTYPE r [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                + "<demo:demo.antrag.0001 xmlns:demo='urn:xoevhub:demo:1'>&x;</demo:demo.antrag.0001>";
        SchemaBundle demo = REGISTRY.bundles().stream().filter(b -> b.id().equals("xoevhub-demo-1.0")).findFirst()
                .orElseThrow();
        assertThatThrownBy(() -> validator.validate(doc.getBytes(StandardCharsets.UTF_8), demo, null))
                .isInstanceOfSatisfying(MalformedXmlException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MalformedXmlException.Kind.DOCTYPE_FORBIDDEN);
                    assertThat(e.getMessage()).doesNotContain("root:");
                });
    }

    @ParameterizedTest
    @CsvSource({
            "administration_receipt.xml, true",
            "administration_receipt_test_result.xml, true",
            "olb_report_minimal.xml, true",
            "olb_report_minimal_test_result.xml, true",
            "olb_report_signature_builder_test_result.xml, true",
            "monitoring_plan_minimal.xml, false",
            "monitoring_plan_maximal.xml, false",
            "monitoring_plan_minimal_test_result.xml, false",
            "monitoring_plan_maximal_test_result.xml, false",
            "monitoring_plan_builder_test_result.xml, false",
            "quality_report_minimal.xml, false",
            "quality_report_maximal.xml, false",
            "quality_report_minimal_test_result.xml, false",
            "quality_report_maximal_test_result.xml, false",
            "quality_report_builder_test_result.xml, false"})
    void xwasserSamplesGetTheVerdictOfValidationMd(String sample, boolean valid) throws Exception {
        Path file = HubIT.SHARED.resolve("xwasser/tests").resolve(sample);
        assumeTrue(Files.exists(file), "../shared/xoev is not present at " + file.toAbsolutePath());
        byte[] doc = Files.readAllBytes(file);

        ValidationReport report = validator.validate(doc, REGISTRY.bundleFor(heads.read(doc)), null);

        assertThat(report.bundle()).isEqualTo("xwasser-1.0.0");
        assertThat(report.valid()).as(report.violations().toString()).isEqualTo(valid);
    }

    @Test
    void versionsCompareNumerically() {
        assertThat(SchemaRegistry.compareVersions("1.10", "1.9")).isPositive();
        assertThat(SchemaRegistry.compareVersions("2.6", "2.6.0")).isZero();
        assertThat(SchemaRegistry.compareVersions("1.0.0", "1.0.1")).isNegative();
    }

    @Test
    void aBundleWithAMissingImportIsReportedAndDoesNotStopTheOthers(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("bundle.yaml"),
                "id: broken-1\nstandard: Broken\nversion: '1'\nnamespace: urn:broken\nschema: broken.xsd\n");
        Files.writeString(broken.resolve("broken.xsd"), """
                <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:broken">
                  <xs:import namespace="urn:elsewhere" schemaLocation="http://127.0.0.1:9/elsewhere.xsd"/>
                  <xs:element name="r" type="xs:string"/>
                </xs:schema>""");
        SchemaRegistry registry = new SchemaRegistry(new SchemaProperties(List.of(Path.of("schemas"), dir)));

        assertThat(registry.bundles()).extracting(SchemaBundle::id).containsExactly("xoevhub-demo-1.0");
        assertThat(registry.loadErrors()).singleElement().satisfies(e -> {
            assertThat(e.descriptor()).isEqualTo(broken.resolve("bundle.yaml"));
            assertThat(e.reason()).contains("http://127.0.0.1:9/elsewhere.xsd");
        });
    }
}
