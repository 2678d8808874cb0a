package de.xoevhub.seal;

import de.xoevhub.seal.Unsealed.Kind;
import de.xoevhub.seal.Unsealed.Layer;
import de.xoevhub.seal.UnsealingException.Reason;
import de.xoevhub.spool.Content;
import de.xoevhub.spool.Spool;
import de.xoevhub.spool.SpoolOutput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
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
 * it as a stream with the layer's length as its limit; each layer's content goes to memory or a spool file. What an
 * EnvelopedData (AES-CBC, not authenticated) decrypts to must be signed inside it, and until that signature has
 * verified every failure gets one answer ({@link UnprovenContent}), so the hub is no padding oracle.
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
    private final Spool spool;

    public Unsealer(HubKeys keys, Clock clock, Spool spool) {
        this.decryptor = new Decryptor(keys);
        this.verifier = new SignatureVerifier(clock);
        this.spool = spool;
    }

    /** The same for a body held in memory. */
    public Unsealed unseal(byte[] body, SignerTrust trust) {
        return unseal(Content.of(body), trust);
    }

    /**
     * The content inside every layer, or an {@link UnsealingException} naming the reason and the layers opened.
     * Each layer is read as a stream and its content written to memory or, when large, to a spool file, which is
     * deleted as soon as the next layer is open; the caller closes the result, which deletes the last one.
     */
    public Unsealed unseal(Content body, SignerTrust trust) {
        List<Layer> layers = new ArrayList<>();
        UnprovenContent unproven = new UnprovenContent();
        Content current = body;
        SpoolOutput held = null;
        try {
            while (true) {
                if (layers.size() == MAX_LAYERS) {
                    throw new UnsealingException(Reason.MALFORMED, "more than " + MAX_LAYERS + " CMS layers nested");
                }
                BerEncoding.check(current);
                ASN1ObjectIdentifier type = contentType(current);
                if (!LAYERS.contains(type)) {
                    throw new UnsealingException(Reason.CONTENT_TYPE_UNSUPPORTED, "the " + where(layers)
                            + " is a CMS " + name(type) + "; the hub opens SignedData, EnvelopedData and AuthEnvelopedData");
                }
                SpoolOutput opened = spool.output("unseal", current.size());
                ASN1ObjectIdentifier inner;
                try (OutputStream out = opened.open()) {
                    if (type.equals(CMSObjectIdentifiers.signedData)) {
                        SignatureVerifier.Verified v = verifier.verify(current, trust, out);
                        layers.add(new Layer(Kind.SIGNATURE_VALID, v.detail()));
                        unproven.proven();
                        inner = v.contentType();
                    } else {
                        Decryptor.Decrypted d = decrypt(current, type, out, layers.size(), unproven);
                        layers.add(new Layer(Kind.DECRYPTED, d.detail()));
                        inner = d.contentType();
                    }
                } catch (IOException | RuntimeException e) {
                    opened.close();
                    throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
                }
                close(held); // the layer just opened was read from it
                held = opened;
                current = opened.content();
                if (inner.equals(CMSObjectIdentifiers.data)) {
                    if (first(current, 1)[0] != 0x30) { // no XML document starts with 0x30 ('0')
                        if (!unproven.pending()) {
                            return new Unsealed(current, layers, opened);
                        }
                        break; // the message, but no signature inside the EnvelopedData proves it
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
            close(held);
            throw unproven.pending() ? unproven.refusal(layers, e) : e.after(layers);
        } catch (UncheckedIOException e) {
            close(held);
            throw e; // the spool's: it depends on the body's size, not on what it decrypts to
        } catch (RuntimeException e) {
            close(held);
            throw unproven.pending() ? unproven.refusal(layers, e) : e;
        }
        close(held);
        throw unproven.refusal(layers, null);
    }

    /**
     * Decrypts one layer. An EnvelopedData makes what follows unproven from the moment its decryption begins: the
     * {@link Decryptor} refuses as {@link Reason#DECRYPTION_FAILED} only from then on, and keeps its other reasons
     * for what it checks before (no hub key named, a weak cipher), which depend on nothing encrypted.
     */
    private Decryptor.Decrypted decrypt(Content cms, ASN1ObjectIdentifier type, OutputStream out, int opened,
                                        UnprovenContent unproven) {
        boolean authenticated = type.equals(CMSObjectIdentifiers.authEnvelopedData);
        try {
            Decryptor.Decrypted d = decryptor.decrypt(cms, type, out);
            if (!authenticated) {
                unproven.decrypting(opened);
            }
            return d;
        } catch (UnsealingException e) {
            if (!authenticated && e.reason() == Reason.DECRYPTION_FAILED) {
                unproven.decrypting(opened);
            }
            throw e;
        }
    }

    private static void close(SpoolOutput output) {
        if (output != null) {
            output.close();
        }
    }

    private static ASN1ObjectIdentifier contentType(Content cms) {
        try (InputStream in = CmsStream.open(cms)) {
            var parser = new ASN1StreamParser(in);
            ASN1Encodable first = ((ASN1SequenceParser) parser.readObject()).readObject();
            if (first instanceof ASN1ObjectIdentifier oid) {
                return oid;
            }
        } catch (IOException | RuntimeException e) {
            throw new UnsealingException(Reason.MALFORMED, "not a CMS ContentInfo: " + e.getMessage(), e);
        }
        throw new UnsealingException(Reason.MALFORMED, "not a CMS ContentInfo: it does not start with a content type");
    }

    /** The first {@code n} bytes of the content (fewer if it is shorter; a 0 in their place if it is empty). */
    private static byte[] first(Content content, int n) {
        try (InputStream in = content.open()) {
            byte[] head = in.readNBytes(n);
            return head.length == 0 ? new byte[1] : head;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The inner layer as a ContentInfo. RFC 5652 carries a bare SignedData (or EnvelopedData) as the encrypted
     * content; BouncyCastle and openssl write a whole ContentInfo. A bare one is wrapped, its bytes unchanged and
     * streamed between a header and the end-of-contents octets, never copied.
     */
    private static Content asContentInfo(ASN1ObjectIdentifier type, Content inner) {
        byte[] head = first(inner, 7);
        if (head.length < 2) {
            return inner; // fails as malformed
        }
        int header = head[1] == (byte) 0x80 || (head[1] & 0x80) == 0 ? 2 : 2 + (head[1] & 0x7f);
        if (header >= head.length || head[header] == 0x06) {
            return inner; // already a ContentInfo (or too short or odd, which fails as malformed)
        }
        try {
            ByteArrayOutputStream start = new ByteArrayOutputStream();
            start.write(new byte[] {0x30, (byte) 0x80});
            start.write(type.getEncoded());
            start.write(new byte[] {(byte) 0xa0, (byte) 0x80});
            return new Wrapped(start.toByteArray(), inner);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A bare inner layer between a ContentInfo header and the end-of-contents octets of both indefinite lengths. */
    private record Wrapped(byte[] start, Content inner) implements Content {
        private static final byte[] END = {0, 0, 0, 0};

        @Override
        public InputStream open() throws IOException {
            return new SequenceInputStream(Collections.enumeration(List.of(new ByteArrayInputStream(start),
                    inner.open(), new ByteArrayInputStream(END))));
        }

        @Override
        public long size() {
            return start.length + inner.size() + END.length;
        }

        @Override
        public boolean spooled() {
            return inner.spooled();
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
