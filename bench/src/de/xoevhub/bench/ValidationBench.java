package de.xoevhub.bench;

import de.xoevhub.schema.HardenedXml;
import de.xoevhub.schema.HeadReader;
import de.xoevhub.schema.SchemaBundle;
import de.xoevhub.schema.SchemaProperties;
import de.xoevhub.schema.SchemaRegistry;
import de.xoevhub.schema.SchemaValidator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Validation throughput against a bare parse of the same bytes, in the same run: the hub's hardened SAX parse with
 * an empty handler is the baseline, and each figure is reported as a share of it.
 *
 * <p>Small documents: docs/s on one thread (= per core) for 4 KiB demo messages, the real XWasser samples and the
 * KoSIT XRechnung invoices (XSD, and XSD + Schematron). Large documents: MiB/s for a 48 MiB demo message with
 * Base64 attachments and a structure-heavy UBL invoice of many lines (XSD).
 *
 * <p>Usage: ValidationBench SHARED_DIR SECONDS_PER_FIGURE
 */
public final class ValidationBench {

    private final SchemaRegistry registry;
    private final HeadReader heads = new HeadReader();
    private final SchemaValidator validator = new SchemaValidator();
    private final double seconds;

    private ValidationBench(Path shared, double seconds) {
        List<Path> paths = new ArrayList<>(List.of(Path.of("schemas")));
        if (Files.isDirectory(shared)) {
            paths.add(Path.of("src/test/resources/bundles"));
        }
        this.registry = new SchemaRegistry(new SchemaProperties(paths));
        this.seconds = seconds;
    }

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args.length > 0 ? args[0] : "../shared/xoev");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        ValidationBench bench = new ValidationBench(shared, seconds);
        System.out.printf("%-44s %14s %14s %8s%n", "corpus / what", "bare parse", "validation", "ratio");
        bench.small("demo 4 KiB, XSD", demo4k(), false);
        if (Files.isDirectory(shared)) {
            bench.small("XWasser samples (5 valid), XSD", files(shared.resolve("xwasser/tests"), "administration_receipt",
                    "olb_report"), false);
            List<byte[]> kosit = files(shared.resolve("xrechnung/itplr-kosit_xrechnung-testsuite/src/test"), "");
            bench.small("KoSIT XRechnung (86), XSD", kosit, false);
            bench.small("KoSIT XRechnung (86), XSD + Schematron", kosit, true);
        }
        bench.large("demo 48 MiB, Base64 attachments, XSD", demoWithAttachments(48 << 20));
        if (Files.isDirectory(shared)) {
            bench.large("UBL invoice, 20,000 lines, XSD", ublWithLines(shared, 20_000));
        }
    }

    private void small(String name, List<byte[]> docs, boolean schematron) {
        List<SchemaBundle> bundles = docs.stream().map(d -> registry.bundleFor(heads.root(d))).toList();
        int[] i = {0};
        double bare = rate(() -> parse(docs.get(i[0]++ % docs.size())));
        i[0] = 0;
        double validation = rate(() -> {
            int k = i[0]++ % docs.size();
            var report = schematron ? validator.validate(docs.get(k), bundles.get(k), null)
                    : validator.xsd(docs.get(k), bundles.get(k));
            if (report.violationCount() > 0) {
                throw new IllegalStateException(name + ": a benchmark document is invalid: " + report.violations());
            }
        });
        System.out.printf("%-44s %10.0f d/s %10.0f d/s %7.1f%%%n", name, bare, validation, 100 * validation / bare);
    }

    private void large(String name, byte[] doc) {
        SchemaBundle bundle = registry.bundleFor(heads.root(doc));
        double mib = doc.length / 1048576.0;
        double bare = rate(() -> parse(doc)) * mib;
        double validation = rate(() -> {
            if (!validator.xsd(doc, bundle).valid()) {
                throw new IllegalStateException(name + ": the benchmark document is invalid");
            }
        }) * mib;
        System.out.printf("%-44s %8.1f MiB/s %8.1f MiB/s %7.1f%%%n", name + String.format(" (%.0f MiB)", mib),
                bare, validation, 100 * validation / bare);
    }

    /** Runs the task repeatedly: a warm-up of a third of the time, then the measured time; returns runs per second. */
    private double rate(Runnable task) {
        long warmUntil = System.nanoTime() + (long) (seconds / 3 * 1e9);
        while (System.nanoTime() < warmUntil) {
            task.run();
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long runs = 0;
        while (System.nanoTime() < end) {
            task.run();
            runs++;
        }
        return runs / ((System.nanoTime() - start) / 1e9);
    }

    private static void parse(byte[] doc) {
        try {
            XMLReader reader = HardenedXml.newReader();
            reader.setContentHandler(new DefaultHandler());
            reader.parse(new InputSource(new ByteArrayInputStream(doc)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<byte[]> demo4k() throws Exception {
        String sample = Files.readString(Path.of("schemas/demo/samples/antrag.xml"));
        List<byte[]> docs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String doc = sample.replace("3f2b8c1e-5d4a-4b6f-9e1a-7c2d9f0a1b23", UUID.randomUUID().toString());
            int pad = 4096 - doc.getBytes(StandardCharsets.UTF_8).length - "<begruendung></begruendung>".length();
            doc = doc.replace("</antragsteller>\n  </antrag>", "</antragsteller>\n    <begruendung>"
                    + "x".repeat(Math.max(0, pad)) + "</begruendung>\n  </antrag>");
            docs.add(doc.getBytes(StandardCharsets.UTF_8));
        }
        return docs;
    }

    private static byte[] demoWithAttachments(int size) throws Exception {
        String sample = Files.readString(Path.of("schemas/demo/samples/antrag.xml"));
        StringBuilder attachments = new StringBuilder(size + 4096);
        String block = java.util.Base64.getEncoder().encodeToString(new byte[48 * 1024]);
        for (int n = 0; attachments.length() < size; n++) {
            attachments.append("    <anlage dateiname=\"scan-").append(n).append(".pdf\" mimeType=\"application/pdf\">")
                    .append(block).append("</anlage>\n");
        }
        return sample.replace("</antragsteller>\n  </antrag>", "</antragsteller>\n" + attachments + "  </antrag>")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ublWithLines(Path shared, int lines) throws Exception {
        String invoice = Files.readString(shared.resolve(
                "xrechnung/itplr-kosit_xrechnung-testsuite/src/test/business-cases/standard/01.01a-INVOICE_ubl.xml"));
        int from = invoice.indexOf("<cac:InvoiceLine>");
        int to = invoice.indexOf("</cac:InvoiceLine>", from) + "</cac:InvoiceLine>".length();
        String line = invoice.substring(from, to);
        StringBuilder many = new StringBuilder(line.length() * lines);
        for (int i = 0; i < lines; i++) {
            many.append(line).append('\n');
        }
        return (invoice.substring(0, from) + many + invoice.substring(to)).getBytes(StandardCharsets.UTF_8);
    }

    private static List<byte[]> files(Path dir, String... prefixes) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<byte[]> docs = new ArrayList<>();
            Consumer<Path> add = p -> {
                try {
                    docs.add(Files.readAllBytes(p));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            walk.filter(p -> p.toString().endsWith(".xml"))
                    .filter(p -> Stream.of(prefixes).anyMatch(pre -> p.getFileName().toString().startsWith(pre)))
                    .filter(p -> !p.getFileName().toString().contains("monitoring") && !p.getFileName().toString()
                            .contains("quality"))
                    .sorted().forEach(add);
            return docs;
        }
    }
}
