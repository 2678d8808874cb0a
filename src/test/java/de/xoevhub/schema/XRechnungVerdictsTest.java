package de.xoevhub.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.xoevhub.HubIT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The KoSIT XRechnung test suite through the hub's own inspection: XSD, EN 16931 and XRechnung Schematron with
 * the bundle's levels. Every test-suite invoice is accepted, as KoSIT's validator accepts it; a CEN rule lowered
 * for one profile stays an error in the others.
 */
class XRechnungVerdictsTest {

    private static final Path SUITE = HubIT.SHARED.resolve("xrechnung/itplr-kosit_xrechnung-testsuite/src/test");
    private static Inspector inspector;

    @BeforeAll
    static void install() {
        assumeTrue(Files.isDirectory(SUITE), "../shared/xoev/xrechnung is not present at " + SUITE.toAbsolutePath());
        SchemaRegistry registry = new SchemaRegistry(new SchemaProperties(List.of(
                Path.of("src/test/resources/bundles/xrechnung-ubl-3.0"),
                Path.of("src/test/resources/bundles/xrechnung-cii-3.0"))));
        assertThat(registry.loadErrors()).isEmpty();
        inspector = new Inspector(new HeadReader(), registry, new SchemaValidator());
    }

    static Stream<Path> suite() throws IOException {
        assumeTrue(Files.isDirectory(SUITE), "../shared/xoev/xrechnung is not present");
        try (Stream<Path> files = Files.walk(SUITE)) {
            return files.filter(p -> p.toString().endsWith(".xml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suite")
    void everyTestSuiteInvoiceIsAccepted(Path invoice) throws IOException {
        Inspector.Inspection inspection = inspector.inspect(Files.readAllBytes(invoice));

        assertThat(inspection.bundle().standard()).isEqualTo("XRechnung");
        assertThat(inspection.head().profile()).startsWith("urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0");
        assertThat(inspection.report().valid()).as(inspection.report().toString()).isTrue();
    }

    @Test
    void extensionProfileLowersTheReplacedCenRuleToAWarning() throws IOException {
        Inspector.Inspection inspection = inspector.inspect(
                Files.readAllBytes(SUITE.resolve("business-cases/extension/05.01a-INVOICE_ubl.xml")));
        assertThat(inspection.report().findings()).filteredOn(f -> f.ruleId().equals("BR-CO-16"))
                .singleElement().satisfies(f -> assertThat(f.flag()).isEqualTo(SchematronFinding.WARNING));
    }

    @Test
    void theSameCenRuleStaysAnErrorInTheStandardProfile() throws IOException {
        String invoice = Files.readString(SUITE.resolve("business-cases/standard/01.01a-INVOICE_ubl.xml"));
        String wrongAmountDue = invoice.replaceFirst("(<cbc:PayableAmount currencyID=\"EUR\">)([^<]*)(<)", "$1" + "1.00" + "$3");
        assertThat(wrongAmountDue).isNotEqualTo(invoice);

        ValidationReport report = inspector.inspect(wrongAmountDue.getBytes(StandardCharsets.UTF_8)).report();

        assertThat(report.valid()).isFalse();
        assertThat(report.findings()).filteredOn(SchematronFinding::isError).extracting(SchematronFinding::ruleId)
                .contains("BR-CO-16");
    }
}
