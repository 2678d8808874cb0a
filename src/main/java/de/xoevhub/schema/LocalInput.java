package de.xoevhub.schema;

import java.io.InputStream;
import java.io.Reader;
import org.w3c.dom.ls.LSInput;

/** An {@link LSInput} served from local bytes or text, never from the network. */
final class LocalInput implements LSInput {

    private final String publicId;
    private final String systemId;
    private final String baseUri;
    private final InputStream bytes;
    private final String text;

    LocalInput(String publicId, String systemId, String baseUri, InputStream bytes, String text) {
        this.publicId = publicId;
        this.systemId = systemId;
        this.baseUri = baseUri;
        this.bytes = bytes;
        this.text = text;
    }

    @Override public Reader getCharacterStream() { return null; }
    @Override public void setCharacterStream(Reader characterStream) { }
    @Override public InputStream getByteStream() { return bytes; }
    @Override public void setByteStream(InputStream byteStream) { }
    @Override public String getStringData() { return text; }
    @Override public void setStringData(String stringData) { }
    @Override public String getSystemId() { return systemId; }
    @Override public void setSystemId(String systemId) { }
    @Override public String getPublicId() { return publicId; }
    @Override public void setPublicId(String publicId) { }
    @Override public String getBaseURI() { return baseUri; }
    @Override public void setBaseURI(String baseURI) { }
    @Override public String getEncoding() { return null; }
    @Override public void setEncoding(String encoding) { }
    @Override public boolean getCertifiedText() { return false; }
    @Override public void setCertifiedText(boolean certifiedText) { }
}
