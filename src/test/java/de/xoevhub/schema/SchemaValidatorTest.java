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
