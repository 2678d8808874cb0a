package de.xoevhub.schema;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.XMLConstants;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;
import javax.xml.validation.ValidatorHandler;
import org.xml.sax.SAXException;

/**
 * A bundle's compiled schema with the hardened validators it lends out. A new JDK validator builds its whole parser
 * configuration (scanners, symbol table, entity manager, datatype factory lookup) on its first document; a lent one
 * has it already. A validator serves one document at a time and is given back only when it finished a small
 * document normally, so it keeps neither the large buffers of a large document nor the state of an aborted parse.
 */
public final class CompiledSchema {

    /** Validators of documents larger than this are not kept: the validator keeps its largest text buffer. */
    static final long KEEP_AFTER_SIZE = 64 * 1024;
    /** Idle validators kept at most; more concurrent validations create (and drop) their own. */
    static final int MAX_IDLE = 32;

    private final Schema schema;
    private final ConcurrentLinkedQueue<Validator> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    public CompiledSchema(Schema schema) {
        this.schema = schema;
    }

    /** A hardened validator for one document; give it back with {@link #giveBack} after a normal end. */
    Validator lend() throws SAXException {
        Validator validator = idle.poll();
        if (validator != null) {
            idleCount.decrementAndGet();
            return validator;
        }
        return hardened(schema.newValidator());
    }

    /** Keeps a validator that finished a document of {@code documentSize} bytes normally, if there is room. */
    void giveBack(Validator validator, long documentSize) {
        validator.setErrorHandler(null);
        if (documentSize > KEEP_AFTER_SIZE) {
            return;
        }
        if (idleCount.incrementAndGet() <= MAX_IDLE) {
            idle.offer(validator);
        } else {
            idleCount.decrementAndGet();
        }
    }

    /** Idle validators, for tests. */
    int idle() {
        return idleCount.get();
    }

    ValidatorHandler newValidatorHandler() throws SAXException {
        ValidatorHandler handler = schema.newValidatorHandler();
        handler.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return handler;
    }

    private static Validator hardened(Validator v) throws SAXException {
        v.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        v.setProperty("jdk.xml.maxElementDepth", String.valueOf(HardenedXml.MAX_ELEMENT_DEPTH));
        v.setProperty("jdk.xml.maxXMLNameLimit", String.valueOf(HardenedXml.MAX_NAME_LENGTH));
        v.setProperty("jdk.xml.elementAttributeLimit", String.valueOf(HardenedXml.MAX_ATTRIBUTES));
        return v;
    }
}
