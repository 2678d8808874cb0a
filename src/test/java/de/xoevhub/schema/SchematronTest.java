package de.xoevhub.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.xoevhub.HubIT;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Schematron engine against the real XRechnung material: the KoSIT test suite must pass EN 16931 and the
 * XRechnung CIUS, the ConnectingEurope examples must pass EN 16931 except the one Schematron negative, and a
 * removed Leitweg-ID must be caught. Each Schematron is compiled once for the class.
 */
class SchematronTest {

    private static final Path XR = HubIT.SHARED.resolve("xrechnung");
    private static final Path TESTSUITE = XR.resolve("itplr-kosit_xrechnung-testsuite/src/test");
    private static final Path EN16931 = XR.resolve("ConnectingEurope_eInvoicing-EN16931");
    private static final Path XR_RULES = XR.resolve("itplr-kosit_xrechnung-schematron/src/validation/schematron");
    private static final String UBL_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
    private static final String UBL_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
    private static final String CII = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
    private static final String ABSENT = "XRechnung material not present at " + XR.toAbsolutePath();

    /** Compiled on first use, once per JVM; the four compilations run side by side. */
    private static final class Rules {
        static final Schematron EN_UBL;
        static final Schematron EN_CII;
        static final Schematron XR_UBL;
        static final Schematron XR_CII;

        static {
            var enUbl = compileAsync(EN16931.resolve("ubl/xslt/EN16931-UBL-validation.xslt"));
            var enCii = compileAsync(EN16931.resolve("cii/xslt/EN16931-CII-validation.xslt"));
            var xrUbl = compileAsync(XR_RULES.resolve("ubl/XRechnung-UBL-validation.sch"));
            var xrCii = compileAsync(XR_RULES.resolve("cii/XRechnung-CII-validation.sch"));
            EN_UBL = enUbl.join();
            EN_CII = enCii.join();
            XR_UBL = xrUbl.join();
            XR_CII = xrCii.join();
        }

        private static CompletableFuture<Schematron> compileAsync(Path source) {
            return CompletableFuture.supplyAsync(() -> {
                long start = System.nanoTime();
                Schematron s = Schematron.compile(source);
                System.out.printf("compiled %s in %d ms%n", source.getFileName(), (System.nanoTime() - start) / 1_000_000);
                return s;
            });
        }

        static Schematron en16931(byte[] doc) {
            return isUbl(doc) ? EN_UBL : EN_CII;
        }

        static Schematron xrechnung(byte[] doc) {
            return isUbl(doc) ? XR_UBL : XR_CII;
        }
    }

    static Stream<Arguments> kositTestSuite() throws IOException {
        return xmlFiles(TESTSUITE);
    }

    static Stream<Arguments> connectingEuropeExamples() throws IOException {
        return Stream.concat(xmlFiles(EN16931.resolve("ubl/examples")), xmlFiles(EN16931.resolve("cii/examples")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kositTestSuite")
    void kositTestSuiteHasNoErrors(String name, Path file) throws IOException {
        assumeTrue(file != null, ABSENT);
        byte[] doc = Files.readAllBytes(file);

        assertThat(errors(Rules.en16931(doc).validate(doc))).as("EN 16931 errors in %s", name).isEmpty();
        assertThat(errors(Rules.xrechnung(doc).validate(doc))).as("XRechnung errors in %s", name).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectingEuropeExamples")
    void connectingEuropeExamplesHaveNoEn16931Errors(String name, Path file) throws IOException {
        assumeTrue(file != null, ABSENT);
        byte[] doc = Files.readAllBytes(file);
        List<SchematronFinding> errors = errors(Rules.en16931(doc).validate(doc));

        if (name.equals("BIS3_Invoice_negativ.XML")) {
            assertThat(errors).as("the Schematron negative").isNotEmpty()
                    .allSatisfy(f -> assertThat(f.ruleId()).startsWith("BR-"));
        } else {
            assertThat(errors).as("EN 16931 errors in %s", name).isEmpty();
        }
    }

    @Test
    void missingLeitwegIdIsReportedAsBrDe15() throws IOException {
        byte[] valid = kositUbl();
        byte[] withoutBuyerReference = new String(valid, StandardCharsets.UTF_8)
                .replaceAll("<cbc:BuyerReference>[^<]*</cbc:BuyerReference>", "")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(withoutBuyerReference).isNotEqualTo(valid);

        assertThat(Rules.XR_UBL.validate(valid)).noneMatch(f -> "BR-DE-15".equals(f.ruleId()));
        assertThat(errors(Rules.XR_UBL.validate(withoutBuyerReference)))
                .extracting(SchematronFinding::ruleId).containsExactly("BR-DE-15");
    }

    @Test
    void doctypeInTheInstanceIsRefusedNotExpanded() throws IOException {
        String valid = new String(kositUbl(), StandardCharsets.UTF_8);
        String withEntity = "<!DOCTYPE Invoice [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n"
                + valid.substring(valid.indexOf("<Invoice") >= 0 ? valid.indexOf("<Invoice") : valid.indexOf("<ubl:"));

        assertThatThrownBy(() -> Rules.XR_UBL.validate(withEntity.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MalformedXmlException.class,
                        e -> assertThat(e.kind()).isEqualTo(MalformedXmlException.Kind.DOCTYPE_FORBIDDEN));
    }

    @Test
    void compiledRulesAreReusedAcrossCallsAndThreads() throws Exception {
        byte[] doc = Files.readAllBytes(EN16931.resolve("ubl/examples/BIS3_Invoice_negativ.XML"));
        List<SchematronFinding> first = Rules.EN_UBL.validate(doc);
        List<CompletableFuture<List<SchematronFinding>>> parallel = Stream.generate(
                () -> CompletableFuture.supplyAsync(() -> Rules.EN_UBL.validate(doc))).limit(4).toList();

        assertThat(first).isNotEmpty();
        assertThat(Rules.EN_UBL.validate(doc)).isEqualTo(first);
        for (var run : parallel) {
            assertThat(run.get()).isEqualTo(first);
        }
    }

    @Test
    void rulesReadLocalFilesBesideThemAndNothingElse(@TempDir Path dir) throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("codes.xml"), "<codes><code>A</code></codes>");
        Files.writeString(dir.resolve("secret.xml"), "<secret>x</secret>");
        Schematron local = Schematron.compile(write(rules, "local.sch", "doc('codes.xml')//code = /r/@code"));
        Schematron outside = Schematron.compile(write(rules, "outside.sch", "doc('../secret.xml')/secret = 'x'"));
        Schematron remote = Schematron.compile(write(rules, "remote.sch", "doc('http://example.invalid/c.xml')"));
        byte[] good = "<r code='A'/>".getBytes(StandardCharsets.UTF_8);

        assertThat(local.validate(good)).isEmpty();
        assertThat(local.validate("<r code='B'/>".getBytes(StandardCharsets.UTF_8)))
                .singleElement().satisfies(f -> {
                    assertThat(f.ruleId()).isEqualTo("T-1");
                    assertThat(f.isError()).isTrue();
                    assertThat(f.location()).isEqualTo("/r");
                });
        assertThatThrownBy(() -> outside.validate(good)).hasMessageContaining("secret.xml");
        assertThatThrownBy(() -> remote.validate(good)).hasMessageContaining("http://example.invalid/c.xml");
    }

    @Test
    void flagsAreNormalizedToErrorOrWarning() {
        assertThat(SchematronFinding.of("X", "fatal", null, "/", "t").flag()).isEqualTo("error");
        assertThat(SchematronFinding.of("X", null, "warn", "/", "t").flag()).isEqualTo("warning");
        assertThat(SchematronFinding.of("X", "information", "error", "/", "t").flag()).isEqualTo("warning");
        assertThat(SchematronFinding.of("X", null, null, "/", "t").isError()).isTrue();
    }

    private static Path write(Path dir, String name, String test) throws IOException {
        return Files.writeString(dir.resolve(name), """
                <schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
                  <pattern><rule context="/r"><assert id="T-1" flag="fatal" test="%s">code not listed</assert></rule></pattern>
                </schema>""".formatted(test));
    }

    private static byte[] kositUbl() throws IOException {
        Path file = TESTSUITE.resolve("business-cases/standard/01.01a-INVOICE_ubl.xml");
        assumeTrue(Files.isRegularFile(file), ABSENT);
        return Files.readAllBytes(file);
    }

    private static List<SchematronFinding> errors(List<SchematronFinding> findings) {
        return findings.stream().filter(SchematronFinding::isError).toList();
    }

    private static Stream<Arguments> xmlFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Stream.of(Arguments.of("(absent) " + dir, null));
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".xml")).sorted()
                    .map(p -> Arguments.of(dir.relativize(p).toString(), p)).toList().stream();
        }
    }

    private static boolean isUbl(byte[] doc) {
        try {
            XMLStreamReader r = HardenedXml.stax().createXMLStreamReader(new ByteArrayInputStream(doc));
            while (r.next() != XMLStreamConstants.START_ELEMENT) {
                // skip the prolog
            }
            String ns = r.getNamespaceURI();
            if (!ns.equals(UBL_INVOICE) && !ns.equals(UBL_CREDIT_NOTE) && !ns.equals(CII)) {
                throw new IllegalArgumentException("not an EN 16931 syntax: " + ns);
            }
            return !ns.equals(CII);
        } catch (javax.xml.stream.XMLStreamException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
