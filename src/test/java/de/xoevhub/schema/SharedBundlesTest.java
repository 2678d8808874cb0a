package de.xoevhub.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.xoevhub.HubIT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real bundle in ../shared/xoev installs unchanged (only the descriptors under src/test/resources/bundles are
 * ours), and every sample gets the XSD verdict that ../shared/xoev/VALIDATION.md records: its appendix is the
 * oracle, line by line.
 */
class SharedBundlesTest {

    private static final Path VALIDATION = HubIT.SHARED.resolve("VALIDATION.md");
    private static final Pattern LINE = Pattern.compile("^(VALID|INVALID\\((\\d+)\\)|NOSCHEMA|COMPILES)\\t([^\\t]+)");
    private static SchemaRegistry registry;
    private final HeadReader heads = new HeadReader();
    private final SchemaValidator validator = new SchemaValidator();
    /** Takes the path for documents with long texts for every document. */
    private final SchemaValidator filtering = new SchemaValidator(SchemaProperties.DEFAULT_MAX_TEXT_SIZE, 0);

    @BeforeAll
    static void install() {
        assumeTrue(Files.exists(VALIDATION), "../shared/xoev is not present at " + VALIDATION.toAbsolutePath());
        registry = new SchemaRegistry(new SchemaProperties(List.of(Path.of("schemas"),
                Path.of("src/test/resources/bundles"))));
    }

    @Test
    void everySharedBundleInstallsWithoutErrors() {
        assertThat(registry.loadErrors()).isEmpty();
        assertThat(registry.bundles()).extracting(SchemaBundle::id).contains("xwasser-1.0.0", "xdomea-2.4.0",
                "xdomea-3.0.0", "xschule-1.2", "xhochschule-1.2", "xbildung-1.2", "xbau-2.6", "xbau-kernmodul-1.3.0",
                "xrechnung-ubl-3.0", "xrechnung-cii-3.0");
    }

    @Test
    void bundlesListTheMessageTypesTheirXsdsDeclare() {
        assertThat(bundle("xbau-2.6").messageTypes()).contains("baugenehmigung.antrag.0200");
        assertThat(bundle("xdomea-3.0.0").messageTypes()).contains("Aussonderung.Aussonderung.0503");
        assertThat(bundle("xrechnung-ubl-3.0").messageTypes()).containsExactly("CreditNote", "Invoice");
    }

    @Test
    void everySchemaThatCompilesThereIsTheEntryOfAnInstalledBundle() throws IOException {
        List<Path> entries = registry.bundles().stream()
                .flatMap(b -> descriptorSchemas(b).stream()).toList();
        List<Path> compiles = oracle().filter(a -> a.get()[0].equals("COMPILES"))
                .map(a -> HubIT.SHARED.resolve((String) a.get()[2]).toAbsolutePath().normalize()).toList();
        assertThat(compiles).hasSize(45);
        assertThat(compiles.stream().filter(c -> !entries.contains(c)).toList()).isEmpty();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("instances")
    void sampleGetsTheVerdictOfValidationMd(String verdict, Integer violations, String sample) throws Exception {
        byte[] doc = Files.readAllBytes(HubIT.SHARED.resolve(sample));
        MessageHead root = heads.root(doc);
        if (verdict.equals("NOSCHEMA")) {
            assertThatThrownBy(() -> registry.bundleFor(root)).isInstanceOf(UnknownStandardException.class);
            return;
        }
        SchemaBundle bundle = registry.bundleFor(root);
        heads.read(doc, bundle.keys());
        ValidationReport report = validator.xsd(doc, bundle);
        if (verdict.equals("VALID")) {
            assertThat(report.valid()).as(report.violations().toString()).isTrue();
        } else {
            assertThat(report.valid()).isFalse();
            assertThat(report.violationCount()).as(report.violations().toString()).isEqualTo(violations);
        }
        ValidationReport filtered = filtering.xsd(doc, bundle);
        assertThat(filtered.violations()).as("the filtering path").isEqualTo(report.violations());
        assertThat(filtered.violationCount()).isEqualTo(report.violationCount());
    }

    @Test
    void routingKeysComeFromTheBundlesOwnPaths() throws Exception {
        Path xdomea = HubIT.SHARED.resolve("xdomea/Landesarchiv-Thueringen_xdomea_toolkit/message_generation/"
                + "pattern/xdomea_3.0.0/xx_Aussonderung.Aussonderung.0503.xml");
        MessageHead head = heads.read(Files.readAllBytes(xdomea), bundle("xdomea-3.0.0").keys());
        assertThat(head.nachrichtenUUID()).isEqualTo("242f44e8-bebf-4503-a086-db252c6a4277");
        assertThat(head.nachrichtentyp()).isEqualTo("0503");
        assertThat(head.autor()).isEqualTo("LATh");

        Path invoice = HubIT.SHARED.resolve("xrechnung/itplr-kosit_xrechnung-testsuite/src/test/business-cases/"
                + "standard/01.01a-INVOICE_ubl.xml");
        MessageHead ubl = heads.read(Files.readAllBytes(invoice), bundle("xrechnung-ubl-3.0").keys());
        assertThat(ubl.leser()).as("Leitweg-ID, BT-10").isNotBlank();
        assertThat(ubl.nachrichtenUUID()).isNull();
        assertThat(ubl.messageType()).isEqualTo("Invoice");

        Path cii = HubIT.SHARED.resolve("xrechnung/itplr-kosit_xrechnung-testsuite/src/test/business-cases/"
                + "standard/01.01a-INVOICE_uncefact.xml");
        MessageHead ciiHead = heads.read(Files.readAllBytes(cii), bundle("xrechnung-cii-3.0").keys());
        assertThat(ciiHead.leser()).isEqualTo(ubl.leser());
    }

    static Stream<Arguments> instances() throws IOException {
        assumeTrue(Files.exists(VALIDATION), "../shared/xoev is not present");
        return oracle().filter(a -> !a.get()[0].equals("COMPILES"));
    }

    private static Stream<Arguments> oracle() throws IOException {
        return Files.readAllLines(VALIDATION).stream().map(LINE::matcher).filter(Matcher::find)
                .map(m -> Arguments.of(m.group(1).startsWith("INVALID") ? "INVALID" : m.group(1),
                        m.group(2) == null ? null : Integer.valueOf(m.group(2)), m.group(3)));
    }

    private static SchemaBundle bundle(String id) {
        return registry.bundles().stream().filter(b -> b.id().equals(id)).findFirst().orElseThrow();
    }

    private static List<Path> descriptorSchemas(SchemaBundle bundle) {
        try {
            return BundleDescriptor.read(bundle.descriptor()).schemas().stream()
                    .map(p -> p.toAbsolutePath().normalize()).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
