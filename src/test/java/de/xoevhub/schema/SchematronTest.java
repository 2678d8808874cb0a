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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Schematron engine against the real XRechnung material: the KoSIT test suite passes EN 16931 and the
 * XRechnung CIUS, the ConnectingEurope examples pass EN 16931, and broken copies of them (a removed Leitweg-ID, an
 * amount due that does not add up) are caught by the right rule. Each Schematron is compiled once per JVM.
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

    /**
     * The only CEN errors in the KoSIT suite. Each CEN rule is replaced by an XRechnung rule for the document's
     * profile, and KoSIT's validator configuration (scenarios.xml, customLevel) downgrades it to information:
     * DiGA scheme ids XR01-XR03 (extension, BR-DEX-04/06), third party payments in the amount due (extension,
     * BR-DEX-09), and item classification scheme 'CVD' (CIUS XRechnung CVD, BR-TMP-CVD-01).
     */
    private static final Map<String, Set<String>> CEN_RULES_REPLACED_BY_XRECHNUNG = Map.of(
            "business-cases/extension/04.05a-INVOICE_uncefact.xml", Set.of("BR-CL-10", "BR-CL-21"),
            "business-cases/extension/05.01a-INVOICE_ubl.xml", Set.of("BR-CO-16"),
            "technical-cases/cvd/02.01a-cvd_INVOICE_ubl.xml", Set.of("BR-CL-13"),
            "technical-cases/cvd/02.01a-cvd_INVOICE_uncefact.xml", Set.of("BR-CL-13"));

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

        static Schematron en16931(byte[] doc) {
            return isUbl(doc) ? EN_UBL : EN_CII;
        }

        static Schematron xrechnung(byte[] doc) {
            return isUbl(doc) ? XR_UBL : XR_CII;
        }
    }

    /** Outside {@link Rules}: a lambda of a class still initializing would block its worker thread. */
    private static CompletableFuture<Schematron> compileAsync(Path source) {
        return CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            Schematron compiled = Schematron.compile(source);
            System.out.printf("compiled %s in %d ms%n", source.getFileName(), (System.nanoTime() - start) / 1_000_000);
            return compiled;
        });
    }

    static Stream<Arguments> kositTestSuite() throws IOException {
        return xmlFiles(TESTSUITE);
    }

    static Stream<Arguments> connectingEuropeExamples() throws IOException {
        return Stream.concat(xmlFiles(EN16931.resolve("ubl/examples")), xmlFiles(EN16931.resolve("cii/examples")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kositTestSuite")
    void kositTestSuitePassesEn16931AndXRechnung(String name, Path file) throws IOException {
        assumeTrue(file != null, ABSENT);
        byte[] doc = Files.readAllBytes(file);

        assertThat(ruleIds(errors(Rules.en16931(doc).validate(doc)))).as("EN 16931 errors in %s", name)
                .isEqualTo(CEN_RULES_REPLACED_BY_XRECHNUNG.getOrDefault(name, Set.of()));
        assertThat(errors(Rules.xrechnung(doc).validate(doc))).as("XRechnung errors in %s", name).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectingEuropeExamples")
    void connectingEuropeExamplesPassEn16931(String name, Path file) throws IOException {
        assumeTrue(file != null, ABSENT);
        byte[] doc = Files.readAllBytes(file);

        assertThat(errors(Rules.en16931(doc).validate(doc))).as("EN 16931 errors in %s", name).isEmpty();
    }

    @Test
    void en16931CatchesAnAmountDueThatDoesNotAddUp() throws IOException {
        // BIS3_Invoice_negativ.XML is a valid invoice with negative amounts, not a Schematron negative.
        String negative = new String(shared(EN16931.resolve("ubl/examples/BIS3_Invoice_negativ.XML")),
                StandardCharsets.UTF_8);
        String broken = negative.replace("<cbc:PayableAmount currencyID=\"DKK\">-782179.43<",
                "<cbc:PayableAmount currencyID=\"DKK\">782179.43<");
        assertThat(broken).isNotEqualTo(negative);

        assertThat(errors(Rules.EN_UBL.validate(broken.getBytes(StandardCharsets.UTF_8))))
                .extracting(SchematronFinding::ruleId).containsExactly("BR-CO-16");
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
                + valid.replaceFirst("^\\s*<\\?xml[^>]*\\?>", "").replace("</cbc:Note>", "&x;</cbc:Note>");

        assertThatThrownBy(() -> Rules.XR_UBL.validate(withEntity.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MalformedXmlException.class,
                        e -> assertThat(e.kind()).isEqualTo(MalformedXmlException.Kind.DOCTYPE_FORBIDDEN));
    }

    @Test
    void compiledRulesAreReusedAcrossCallsAndThreads() throws Exception {
        byte[] doc = shared(TESTSUITE.resolve("technical-cases/cvd/02.01a-cvd_INVOICE_ubl.xml"));
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
                    assertThat(f.location()).isEqualTo("/Q{}r[1]");
                });
        assertThatThrownBy(() -> outside.validate(good)).hasMessageContaining("may not read")
                .hasMessageContaining("secret.xml");
        assertThatThrownBy(() -> remote.validate(good)).hasMessageContaining("may not read")
                .hasMessageContaining("http://example.invalid/c.xml");
    }

    @Test
    void compilingNeverFetchesIncludesFromTheNetwork(@TempDir Path dir) throws IOException {
        Path sch = Files.writeString(dir.resolve("remote-include.sch"), """
                <schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
                  <include href="http://example.invalid/patterns.sch"/>
                </schema>""");

        assertThatThrownBy(() -> Schematron.compile(sch)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("http://example.invalid/patterns.sch");
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
        return shared(TESTSUITE.resolve("business-cases/standard/01.01a-INVOICE_ubl.xml"));
    }

    private static byte[] shared(Path file) throws IOException {
        assumeTrue(Files.isRegularFile(file), ABSENT);
        return Files.readAllBytes(file);
    }

    private static Set<String> ruleIds(List<SchematronFinding> findings) {
        return findings.stream().map(SchematronFinding::ruleId).collect(Collectors.toSet());
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
