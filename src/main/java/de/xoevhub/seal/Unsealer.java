package de.xoevhub.seal;

import de.xoevhub.seal.Unsealed.Kind;
import de.xoevhub.seal.Unsealed.Layer;
import de.xoevhub.seal.UnsealingException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1SequenceParser;
import org.bouncycastle.asn1.ASN1StreamParser;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.springframework.stereotype.Component;

/**
 * Opens what a portal posted as CMS, layer by layer, until the XÖV message: SignedData is verified against the
 * portal's {@link SignerTrust}, EnvelopedData and AuthEnvelopedData are decrypted with a hub key. Layers nest
 * either way: as the hub seals (the encrypted content type is SignedData) or as openssl does (signed or
 * encrypted DER carried as id-data). Every layer is first checked by {@link BerEncoding}, and BouncyCastle parses
 * it only from memory with the body's length as its limit.
 */
@Component
public class Unsealer {

    static final int MAX_LAYERS = 4;
    private static final Set<ASN1ObjectIdentifier> LAYERS = Set.of(CMSObjectIdentifiers.signedData,
            CMSObjectIdentifiers.envelopedData, CMSObjectIdentifiers.authEnvelopedData);
    private static final Map<ASN1ObjectIdentifier, String> NAMES = Map.of(
            CMSObjectIdentifiers.data, "id-data", CMSObjectIdentifiers.signedData, "SignedData",
            CMSObjectIdentifiers.envelopedData, "EnvelopedData", CMSObjectIdentifiers.authEnvelopedData,
            "AuthEnvelopedData", CMSObjectIdentifiers.digestedData, "DigestedData", CMSObjectIdentifiers.encryptedData,
            "EncryptedData", CMSObjectIdentifiers.authenticatedData, "AuthenticatedData",
            CMSObjectIdentifiers.compressedData, "CompressedData");

    private final Decryptor decryptor;
    private final SignatureVerifier verifier;

    public Unsealer(HubKeys keys, Clock clock) {
        this.decryptor = new Decryptor(keys);
        this.verifier = new SignatureVerifier(clock);
    }

    /** The content inside every layer, or an {@link UnsealingException} naming the reason and the layers opened. */
    public Unsealed unseal(byte[] body, SignerTrust trust) {
        List<Layer> layers = new ArrayList<>();
        byte[] current = body;
        try {
            while (true) {
                if (layers.size() == MAX_LAYERS) {
                    throw new UnsealingException(Reason.MALFORMED, "more than " + MAX_LAYERS + " CMS layers nested");
                }
                BerEncoding.check(current);
                ASN1ObjectIdentifier type = contentType(current);
                ASN1ObjectIdentifier inner;
                if (type.equals(CMSObjectIdentifiers.signedData)) {
                    SignatureVerifier.Verified v = verifier.verify(current, trust);
                    layers.add(new Layer(Kind.SIGNATURE_VALID, v.detail()));
                    current = v.content();
                    inner = v.contentType();
                } else if (LAYERS.contains(type)) {
                    Decryptor.Decrypted d = decryptor.decrypt(current, type);
                    layers.add(new Layer(Kind.DECRYPTED, d.detail()));
                    current = d.content();
                    inner = d.contentType();
                } else {
                    throw new UnsealingException(Reason.CONTENT_TYPE_UNSUPPORTED, "the " + where(layers)
                            + " is a CMS " + name(type) + "; the hub opens SignedData, EnvelopedData and AuthEnvelopedData");
                }
                if (inner.equals(CMSObjectIdentifiers.data)) {
                    if (current.length == 0 || current[0] != 0x30) {
                        return new Unsealed(current, layers); // no XML document starts with 0x30 ('0')
                    }
                } else if (LAYERS.contains(inner)) {
                    current = asContentInfo(inner, current);
                } else {
                    throw new UnsealingException(Reason.CONTENT_TYPE_UNSUPPORTED, "the " + name(type)
                            + " holds content of type " + name(inner) + "; expected id-data (the XML message), "
                            + "SignedData, EnvelopedData or AuthEnvelopedData");
                }
            }
        } catch (UnsealingException e) {
            throw e.after(layers);
        }
    }

    private static ASN1ObjectIdentifier contentType(byte[] cms) {
        try {
            var parser = new ASN1StreamParser(new ByteArrayInputStream(cms), cms.length);
            ASN1Encodable first = ((ASN1SequenceParser) parser.readObject()).readObject();
            if (first instanceof ASN1ObjectIdentifier oid) {
                return oid;
            }
        } catch (IOException | RuntimeException e) {
            throw new UnsealingException(Reason.MALFORMED, "not a CMS ContentInfo: " + e.getMessage(), e);
        }
        throw new UnsealingException(Reason.MALFORMED, "not a CMS ContentInfo: it does not start with a content type");
    }

    /**
     * The inner layer as a ContentInfo. RFC 5652 carries a bare SignedData (or EnvelopedData) as the encrypted
     * content; BouncyCastle and openssl write a whole ContentInfo. A bare one is wrapped, its bytes unchanged.
     */
    private static byte[] asContentInfo(ASN1ObjectIdentifier type, byte[] inner) {
        BerEncoding.check(inner);
        int header = inner[1] == (byte) 0x80 || (inner[1] & 0x80) == 0 ? 2 : 2 + (inner[1] & 0x7f);
        if (header >= inner.length || inner[header] == 0x06) {
            return inner; // already a ContentInfo (or empty, which fails as malformed)
        }
        try {
            ByteArrayOutputStream wrapped = new ByteArrayOutputStream(inner.length + 24);
            wrapped.write(new byte[] {0x30, (byte) 0x80});
            wrapped.write(type.getEncoded());
            wrapped.write(new byte[] {(byte) 0xa0, (byte) 0x80});
            wrapped.write(inner);
            wrapped.write(new byte[] {0, 0, 0, 0});
            return wrapped.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String where(List<Layer> layers) {
        return layers.isEmpty() ? "body" : "content of layer " + (layers.size() + 1);
    }

    static String name(ASN1ObjectIdentifier type) {
        String name = NAMES.get(type);
        return name == null ? "content type " + type.getId() : name + " (" + type.getId() + ")";
    }
}
