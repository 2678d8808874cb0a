package de.xoevhub.seal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;

/**
 * Where in a CMS ContentInfo the string lies that BouncyCastle's stream parsers stream rather than hold in memory:
 * the eContent OCTET STRING of a SignedData (ContentInfo / [0] / SignedData / EncapsulatedContentInfo / [0] /
 * OCTET STRING), or the encrypted content of an (Auth)EnvelopedData (ContentInfo / [0] / EnvelopedData /
 * EncryptedContentInfo / [0]). {@link BerEncoding} asks it about each element, by the tags and positions of the
 * elements open around it; it learns the content type from the ContentInfo's first element.
 */
final class ContentString {

    private static final byte[] SIGNED = contents(CMSObjectIdentifiers.signedData);
    private static final byte[] ENVELOPED = contents(CMSObjectIdentifiers.envelopedData);
    private static final byte[] AUTH_ENVELOPED = contents(CMSObjectIdentifiers.authEnvelopedData);

    private final byte[] type = new byte[16]; // contents octets of the ContentInfo's content type
    private int typeLength = -1;

    /** Whether a primitive element here is the ContentInfo's content type, to be read with {@link #readType}. */
    boolean isType(int depth, int index, int tag, long length) {
        return depth == 1 && index == 0 && tag == 0x06 && length <= type.length;
    }

    void readType(InputStream in, int length) throws IOException {
        if (in.readNBytes(type, 0, length) < length) {
            throw new EOFException();
        }
        typeLength = length;
    }

    /**
     * Whether the element about to be read, at {@code depth} as child {@code index} of its parent, is the content
     * string; {@code tags} and {@code indexes} describe the elements open around it, outermost first.
     */
    boolean at(int depth, int tag, int index, int[] tags, int[] indexes) {
        if (depth < 4 || tags[1] != 0xa0 || indexes[1] != 1 || tags[2] != 0x30 || indexes[2] != 0) {
            return false;
        }
        if (is(SIGNED)) {
            return depth == 5 && index == 0 && (tag == 0x04 || tag == 0x24) && tags[4] == 0xa0 && indexes[4] == 1
                    && tags[3] == 0x30 && indexes[3] == 2;
        }
        // EncryptedContentInfo follows the RecipientInfos, and an OriginatorInfo [0] if there is one
        return (is(ENVELOPED) || is(AUTH_ENVELOPED)) && depth == 4 && index == 2 && (tag == 0x80 || tag == 0xa0)
                && tags[3] == 0x30 && (indexes[3] == 2 || indexes[3] == 3);
    }

    private boolean is(byte[] oid) {
        return typeLength == oid.length && Arrays.equals(type, 0, typeLength, oid, 0, oid.length);
    }

    private static byte[] contents(ASN1ObjectIdentifier oid) {
        try {
            byte[] der = oid.getEncoded();
            return Arrays.copyOfRange(der, 2, der.length);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
