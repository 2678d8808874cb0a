package de.xoevhub.schema;

import de.xoevhub.spool.Content;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.xml.transform.sax.SAXSource;
import net.sf.saxon.lib.Feature;
import net.sf.saxon.s9api.DocumentBuilder;
import net.sf.saxon.s9api.NullDestination;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.SAXDestination;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XmlProcessingError;
import net.sf.saxon.s9api.XsltCompiler;
import net.sf.saxon.s9api.XsltExecutable;
import net.sf.saxon.s9api.Xslt30Transformer;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.om.TreeModel;
import net.sf.saxon.trans.XPathException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/**
 * A compiled Schematron that checks documents from any number of threads. It is built once, from a {@code .sch}
 * source through SchXslt's XSLT 2.0 pipeline or from a stylesheet compiled elsewhere (the EN 16931 XSLT), and
 * each check reports every failed assert and successful report of the SVRL. Instances go through the hub's
 * hardened parser into Saxon's tiny tree; the rules may read files from their own directory tree and nothing else.
 */
public final class Schematron {

    private static final Logger LOG = LoggerFactory.getLogger(Schematron.class);

    private final String name;
    private final Processor processor;
    private final XsltExecutable rules;
    private final RuleFiles files;

    private Schematron(String name, Processor processor, XsltExecutable rules, RuleFiles files) {
        this.name = name;
        this.processor = processor;
        this.rules = rules;
        this.files = files;
    }

    /** Compiles a {@code .sch} source, or loads an already compiled {@code .xsl}/{@code .xslt}. */
    public static Schematron compile(Path source) {
        Path file = source.toAbsolutePath().normalize();
        String name = file.getFileName().toString();
        RuleFiles files = new RuleFiles(file);
        Processor processor = fencedProcessor(files);
        XsltCompiler compiler = processor.newXsltCompiler();
        compiler.setResourceResolver(files);
        List<XmlProcessingError> problems = new ArrayList<>();
        compiler.setErrorList(problems);
        try {
            InputSource stylesheet = name.toLowerCase(Locale.ROOT).endsWith(".sch")
                    ? new InputSource(new StringReader(SchXsltPipeline.toXslt(file, files)))
                    : new InputSource();
            stylesheet.setSystemId(file.toUri().toString());
            XsltExecutable rules = compiler.compile(new SAXSource(HardenedXml.newReader(), stylesheet));
            files.seal();
            return new Schematron(name, processor, rules, files);
        } catch (SaxonApiException e) {
            String errors = problems.stream().filter(p -> !p.isWarning()).map(XmlProcessingError::getMessage)
                    .collect(Collectors.joining("; "));
            throw new IllegalStateException("Schematron " + file + " does not compile: "
                    + (errors.isEmpty() ? e.getMessage() : errors), e);
        }
    }

    /**
     * Runs the rules over the document. Not well-formed input, or a DOCTYPE, throws {@link MalformedXmlException};
     * a rule that fails at run time (e.g. reading a refused URI) throws {@link IllegalStateException}.
     */
    public List<SchematronFinding> validate(byte[] document) {
        return validate(Content.of(document));
    }

    /** The same for content that may be spooled. Saxon builds a tree of the document, so its size costs heap. */
    public List<SchematronFinding> validate(Content document) {
        XdmNode tree = parse(document);
        Xslt30Transformer run = rules.load30();
        run.setResourceResolver(files);
        run.setUnparsedTextResolver(files);
        run.setMessageHandler(m -> LOG.debug("{}: {}", name, m.getStringValue()));
        run.setErrorReporter(e -> LOG.debug("{}: {}", name, e.getMessage()));
        // Rules only report; whatever they try to write elsewhere is dropped, never written to disk.
        run.setResultDocumentHandler(uri -> new NullDestination());
        SchematronFinding.SvrlReader findings = new SchematronFinding.SvrlReader();
        try {
            run.setGlobalContextItem(tree);
            run.applyTemplates(tree, new SAXDestination(findings));
        } catch (SaxonApiException e) {
            throw new SchematronFailure("Schematron " + name + " raised an error evaluating the document"
                    + (e.getErrorCode() == null ? "" : " (XPath error " + e.getErrorCode().getLocalName() + ")"), e);
        }
        return findings.findings();
    }

    /** One configuration per Schematron, so its fence holds for everything it compiles, parses and runs. */
    private static Processor fencedProcessor(RuleFiles files) {
        Processor processor = new Processor(false);
        processor.setConfigurationProperty(Feature.ALLOWED_PROTOCOLS, "file");
        var config = processor.getUnderlyingConfiguration();
        config.setResourceResolver(files);
        config.setUnparsedTextURIResolver(files);
        config.setCollectionFinder((context, uri) -> {
            throw new XPathException("Schematron may not read collection " + uri, "FODC0002");
        });
        // Saxon would print each refused instance to stderr; the exception already carries the message.
        config.setErrorReporterFactory(c -> e -> LOG.debug("Saxon: {}", e.getMessage()));
        return processor;
    }

    @Override
    public String toString() {
        return "Schematron[" + name + "]";
    }

    private XdmNode parse(Content document) {
        DocumentBuilder builder = processor.newDocumentBuilder();
        builder.setTreeModel(TreeModel.TINY_TREE);
        builder.setLineNumbering(false);
        try (InputStream in = document.open()) {
            return builder.build(new SAXSource(HardenedXml.newReader(), new InputSource(in)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SaxonApiException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SAXParseException p) {
                    throw MalformedXmlException.classify(p.getMessage(), p.getLineNumber(), p.getColumnNumber());
                }
            }
            throw MalformedXmlException.classify(e.getMessage(), -1, -1);
        }
    }

    /** SchXslt's include, expand and compile-for-SVRL steps as one stylesheet, compiled once per JVM. */
    private static final class SchXsltPipeline {
        private static final String ENTRY = "xslt/2.0/pipeline-for-svrl.xsl";
        private static final Processor PROCESSOR = quietProcessor();
        private static final XsltExecutable EXECUTABLE = load();

        private static Processor quietProcessor() {
            Processor processor = new Processor(false);
            processor.getUnderlyingConfiguration().setErrorReporterFactory(
                    c -> e -> LOG.debug("SchXslt: {}", e.getMessage()));
            return processor;
        }

        static String toXslt(Path sch, RuleFiles files) throws SaxonApiException {
            Xslt30Transformer run = EXECUTABLE.load30();
            // sch:include and sch:extends are read through document(): local files only, recorded for the fence.
            run.setResourceResolver(files);
            run.setUnparsedTextResolver(files);
            run.setMessageHandler(m -> LOG.info("SchXslt on {}: {}", sch.getFileName(), m.getStringValue()));
            StringWriter xslt = new StringWriter();
            InputSource source = new InputSource(sch.toUri().toString());
            run.transform(new SAXSource(HardenedXml.newReader(), source), PROCESSOR.newSerializer(xslt));
            return xslt.toString();
        }

        private static XsltExecutable load() {
            URL entry = Schematron.class.getClassLoader().getResource(ENTRY);
            if (entry == null) {
                throw new IllegalStateException("SchXslt is not on the class path (" + ENTRY + ")");
            }
            String base = entry.toString().substring(0, entry.toString().length() - "pipeline-for-svrl.xsl".length());
            XsltCompiler compiler = PROCESSOR.newXsltCompiler();
            // SchXslt's own modules come from its jar; nothing else is fetched while compiling it.
            compiler.setResourceResolver(request -> {
                if (request.uri != null && request.uri.startsWith(base)) {
                    return null;
                }
                throw new XPathException("SchXslt may not read " + request.uri, "XTSE0165");
            });
            try {
                return compiler.compile(new SAXSource(HardenedXml.newReader(), new InputSource(entry.toString())));
            } catch (SaxonApiException e) {
                throw new IllegalStateException("SchXslt pipeline does not compile: " + e.getMessage(), e);
            }
        }
    }
}
