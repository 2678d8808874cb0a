package de.xoevhub.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.xoevhub.seal.CertificateAuthority.Issued;
import de.xoevhub.seal.CertificateAuthority.KeyKind;
import de.xoevhub.seal.CertificateAuthority.Usage;
import de.xoevhub.seal.Unsealed.Kind;
import de.xoevhub.seal.UnsealingException.Reason;
import de.xoevhub.spool.Content;
import de.xoevhub.spool.Spool;
import de.xoevhub.spool.SpoolProperties;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.EnvelopedData;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

/**
 * What portals send, produced by an independent peer (Debian's openssl) and opened by the {@link Unsealer} alone:
 * signed, encrypted (GCM, CBC, OAEP, subject key identifier, ECDH, a rotated-out key) and both in either nesting,
 * and each kind of hostile or unacceptable input refused with its own reason, quickly.
 */
class UnsealerTest {

    private static final Duration FAST = Duration.ofSeconds(1);

    @TempDir
    static Path dir;

    static CertificateAuthority portalCa;
    static CertificateAuthority hubCa;
    static Issued hubSigner;
    static HubKeys keys;
    static Spool spool;
    static Unsealer unsealer;
    static SignerTrust trust;
    static byte[] content;
    static Path xml;

    @BeforeAll
    static void pki() throws Exception {
        portalCa = CertificateAuthority.create("portal CA", KeyKind.EC_P256, Duration.ofDays(30));
        write("signer", portalCa.issue("portal signer", KeyKind.EC_P256, Usage.SIGNING, Duration.ofDays(30)));
        write("rsa-signer", portalCa.issue("portal RSA signer", KeyKind.RSA_3072, Usage.SIGNING, Duration.ofDays(30)));
        write("someone-else", portalCa.issue("someone else", KeyKind.RSA_3072, Usage.ENCRYPTION, Duration.ofDays(30)));

        hubCa = CertificateAuthority.create("hub CA", KeyKind.EC_P256, Duration.ofDays(30));
        hubSigner = hubCa.issue("hub", KeyKind.EC_P256, Usage.SIGNING, Duration.ofDays(30));
        Issued encryption = write("hub-encryption",
                hubCa.issue("hub encryption", KeyKind.RSA_3072, Usage.ENCRYPTION, Duration.ofDays(30)));
        Issued rotated = write("hub-encryption-2025",
                hubCa.issue("hub encryption 2025", KeyKind.RSA_3072, Usage.ENCRYPTION, Duration.ofDays(30)));
        Issued ec = write("hub-ec-encryption",
                hubCa.issue("hub EC encryption", KeyKind.EC_P256, Usage.ENCRYPTION, Duration.ofDays(30)));
        Path keystore = dir.resolve("hub.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("hub", hubSigner.keys().getPrivate(), "secret".toCharArray(), chain(hubSigner));
        ks.setKeyEntry("hub-encryption", encryption.keys().getPrivate(), "secret".toCharArray(), chain(encryption));
        ks.setKeyEntry("hub-encryption-2025", rotated.keys().getPrivate(), "secret".toCharArray(), chain(rotated));
        ks.setKeyEntry("hub-ec-encryption", ec.keys().getPrivate(), "secret".toCharArray(), chain(ec));
        try (OutputStream out = Files.newOutputStream(keystore)) {
            ks.store(out, "secret".toCharArray());
        }
        SealProperties props = new SealProperties(keystore, "secret", null, "hub", null, false);
        keys = new HubKeys(props, new DevPki(props), new CertificateExpiry(Clock.systemUTC()));
        spool = new Spool(new SpoolProperties(dir.resolve("spool"), DataSize.ofBytes(1024)));
        unsealer = new Unsealer(keys, Clock.systemUTC(), spool);
        trust = new SignerTrust(List.of(portalCa.certificate()), List.of());
        content = "<antrag>unseal-marker Grüße</antrag>\n".getBytes(StandardCharsets.UTF_8);
        xml = Files.write(dir.resolve("antrag.xml"), content);
    }

    @ParameterizedTest
    @ValueSource(strings = {"signer", "rsa-signer"})
    void aSignatureByOpensslVerifiesAndNamesTheSignerAndChain(String signer) throws Exception {
        Unsealed u = unsealer.unseal(signed(xml, signer, "sha256"), trust);

        assertThat(u.content().bytes()).isEqualTo(content);
        assertThat(u.signed()).isTrue();
        assertThat(u.layers()).singleElement().satisfies(l -> {
            assertThat(l.kind()).isEqualTo(Kind.SIGNATURE_VALID);
            assertThat(l.detail()).contains("signer='CN=portal " + (signer.equals("signer") ? "signer'" : "RSA signer'"))
                    .contains("chain=[").contains("'CN=portal CA'").contains("signingTime=20")
                    .contains("digest=SHA-256");
        });
    }

    @Test
    void streamedBerWithIndefiniteLengthsOpensToo() throws Exception {
        Path streamed = Openssl.sign(xml, dir.resolve("streamed.ber"), pem("signer.crt"), pem("signer.key"), "sha256",
                "-stream");
        byte[] ber = Files.readAllBytes(streamed);
        assertThat(ber[1]).as("indefinite length").isEqualTo((byte) 0x80);

        assertThat(unsealer.unseal(ber, trust).content().bytes()).isEqualTo(content);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-aes-256-gcm", "-aes-128-gcm"})
    void encryptedByOpensslForTheHubDecrypts(String cipher) throws Exception {
        Path encrypted = Openssl.encrypt(xml, dir.resolve("enc" + cipher + ".der"), cipher, pem("hub-encryption.crt"));

        Unsealed u = unsealer.unseal(Files.readAllBytes(encrypted), trust);

        assertThat(u.content().bytes()).isEqualTo(content);
        assertThat(u.signed()).isFalse();
        assertThat(u.layers()).singleElement().satisfies(l -> {
            assertThat(l.kind()).isEqualTo(Kind.DECRYPTED);
            assertThat(l.detail()).contains(cipher.endsWith("gcm") ? "content=AuthEnvelopedData" : "content=EnvelopedData")
                    .contains("key=hub-encryption").contains("recipient='CN=hub encryption'");
        });
    }

    /**
     * AES-CBC authenticates nothing: content only encrypted with it, or signed outside it (any portal can sign an
     * altered copy), is refused with the one answer of {@link UnprovenContent}, although it decrypts.
     */
    @Test
    void cbcContentNotSignedInsideIsRefusedWithTheOneAnswer() throws Exception {
        Path encrypted = Openssl.encrypt(xml, dir.resolve("cbc-only.der"), "-aes-256-cbc", pem("hub-encryption.crt"));
        UnsealingException onlyEncrypted = refused(Files.readAllBytes(encrypted), Reason.DECRYPTION_FAILED,
                UnprovenContent.DETAIL);
        assertThat(onlyEncrypted.opened()).isEmpty();

        UnsealingException signedOutside = refused(signed(encrypted, "signer", "sha256"), Reason.DECRYPTION_FAILED,
                UnprovenContent.DETAIL);
        assertThat(signedOutside.getMessage()).isEqualTo(UnprovenContent.DETAIL);
        assertThat(signedOutside.opened()).extracting(Unsealed.Layer::kind).containsExactly(Kind.SIGNATURE_VALID);
    }

    /**
     * The padding oracle (Vaudenay) the hub must not be: openssl encrypts with AES-256-CBC, and the last byte of the
     * second-to-last ciphertext block takes all 256 values, which sets the last plaintext byte, the padding. Some
     * variants have valid padding (openssl, holding the key, decrypts them), the others not; the hub refuses all
     * alike, whether the content was a signed message or only the XML.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void everyAlteredCbcCiphertextGetsTheSameRefusalWhateverItsPadding(boolean signedInside) throws Exception {
        Path inside = xml;
        if (signedInside) {
            // one byte of padding (a length of 15 modulo 16) leaves no altered variant with valid padding (the
            // unaltered one is skipped below): lengthen the message until the signed content has more
            byte[] signedBody = signed(xml, "signer", "sha256");
            for (String message = Files.readString(xml); signedBody.length % 16 == 15; ) {
                message += "\n";
                signedBody = signed(Files.writeString(dir.resolve("oracle-message.xml"), message), "signer", "sha256");
            }
            inside = Files.write(dir.resolve("oracle-signed.der"), signedBody);
        }
        byte[] body = Files.readAllBytes(Openssl.encrypt(inside, dir.resolve("oracle-" + signedInside + ".der"),
                "-aes256", pem("hub-encryption.crt")));
        int at = body.length - 17; // openssl writes the ciphertext last: its second-to-last block's last byte
        int validPadding = 0;
        List<String> answers = new ArrayList<>();
        for (int value = 0; value < 256; value++) {
            byte[] variant = body.clone();
            variant[at] = (byte) value;
            if (signedInside && value == (body[at] & 0xff)) {
                assertThat(unsealer.unseal(variant, trust).signed()).as("the unaltered body").isTrue();
                continue;
            }
            Path file = Files.write(dir.resolve("oracle-variant.der"), variant);
            if (Openssl.run("cms", "-decrypt", "-inform", "DER", "-in", file.toString(), "-recip",
                    pem("hub-encryption.crt").toString(), "-inkey", pem("hub-encryption.key").toString(),
                    "-out", dir.resolve("oracle-variant.out").toString()).exit() == 0) {
                validPadding++;
            }
            UnsealingException e = refused(variant, trust, Reason.DECRYPTION_FAILED);
            answers.add(e.reason() + " " + e.getMessage() + " " + e.opened());
        }
        assertThat(validPadding).as("variants with valid padding").isPositive().isLessThan(answers.size());
        assertThat(answers).containsOnly(Reason.DECRYPTION_FAILED + " " + UnprovenContent.DETAIL + " []");
    }

    @Test
    void oaepSubjectKeyIdentifierEcdhAndARotatedKeyAllDecrypt() throws Exception {
        Path oaep = Openssl.encrypt(xml, dir.resolve("oaep.der"), "-aes-256-gcm", pem("hub-encryption.crt"),
                "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256");
        assertThat(unsealer.unseal(Files.readAllBytes(oaep), trust).layers().get(0).detail()).contains("OAEP");

        Path byKeyId = dir.resolve("keyid.der");
        Path signedFile = Files.write(dir.resolve("keyid-signed.der"), signed(xml, "signer", "sha256"));
        Openssl.ok(byKeyId, List.of("cms", "-encrypt", "-binary", "-outform", "DER", "-aes-256-cbc", "-keyid",
                "-in", signedFile.toString(), "-out", byKeyId.toString(), pem("hub-encryption.crt").toString()));
        assertThat(Openssl.print(byKeyId)).contains("subjectKeyIdentifier");
        assertThat(unsealer.unseal(Files.readAllBytes(byKeyId), trust).content().bytes()).isEqualTo(content);

        Path ecdh = Openssl.encrypt(xml, dir.resolve("ecdh.der"), "-aes-256-gcm", pem("hub-ec-encryption.crt"));
        assertThat(unsealer.unseal(Files.readAllBytes(ecdh), trust).layers().get(0).detail())
                .contains("key=hub-ec-encryption");

        Path rotated = Openssl.encrypt(xml, dir.resolve("rotated.der"), "-aes-256-gcm", pem("hub-encryption-2025.crt"));
        assertThat(unsealer.unseal(Files.readAllBytes(rotated), trust).layers().get(0).detail())
                .contains("key=hub-encryption-2025");
    }

    @Test
    void signedThenEncryptedAndEncryptedThenSignedBothOpen() throws Exception {
        Path signedFile = Files.write(dir.resolve("signed.der"), signed(xml, "signer", "sha256"));
        Path signThenEncrypt = Openssl.encrypt(signedFile, dir.resolve("sign-encrypt.der"), "-aes-256-gcm",
                pem("hub-encryption.crt"));
        Unsealed u = unsealer.unseal(Files.readAllBytes(signThenEncrypt), trust);
        assertThat(u.content().bytes()).isEqualTo(content);
        assertThat(u.layers()).extracting(Unsealed.Layer::kind).containsExactly(Kind.DECRYPTED, Kind.SIGNATURE_VALID);

        Path encrypted = Openssl.encrypt(xml, dir.resolve("e.der"), "-aes-256-gcm", pem("hub-encryption.crt"));
        Unsealed v = unsealer.unseal(signed(encrypted, "signer", "sha256"), trust);
        assertThat(v.content().bytes()).isEqualTo(content);
        assertThat(v.layers()).extracting(Unsealed.Layer::kind).containsExactly(Kind.SIGNATURE_VALID, Kind.DECRYPTED);
    }

    /**
     * What the hub seals opens with BouncyCastle too, in both modes: the encrypted content is declared id-data, so
     * an AuthEnvelopedData needs no authenticated attributes (RFC 5083), which BouncyCastle insists on otherwise.
     */
    @ParameterizedTest
    @ValueSource(strings = {"aes-256-gcm", "aes-256-cbc"})
    void whatTheHubSealsForItselfOpensAsWell(String mode) throws Exception {
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        new Sealer(keys, Clock.systemUTC()).seal(new ByteArrayInputStream(content), sealed,
                new Recipients(SealMode.of(mode), List.of(PemFiles.certificates(pem("hub-encryption.crt")).get(0))));

        Unsealed u = unsealer.unseal(sealed.toByteArray(), new SignerTrust(List.of(hubCa.certificate()), List.of()));

        assertThat(u.content().bytes()).isEqualTo(content);
        assertThat(u.layers()).extracting(Unsealed.Layer::kind).containsExactly(Kind.DECRYPTED, Kind.SIGNATURE_VALID);
    }

    @Test
    void aBareSignedDataAsEncryptedContentIsReadAsRfc5652WritesIt() throws Exception {
        CMSSignedDataGenerator signer = new CMSSignedDataGenerator();
        signer.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(hubSigner.keys().getPrivate()),
                        hubSigner.certificate()));
        signer.addCertificates(new JcaCertStore(List.of(hubSigner.certificate())));
        CMSSignedData signedData = signer.generate(new CMSProcessableByteArray(content), true);
        byte[] bare = signedData.toASN1Structure().getContent().toASN1Primitive().getEncoded();
        CMSEnvelopedDataGenerator encryptor = new CMSEnvelopedDataGenerator();
        encryptor.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(
                PemFiles.certificates(pem("hub-encryption.crt")).get(0)));
        byte[] body = encryptor.generate(new CMSProcessableByteArray(CMSObjectIdentifiers.signedData, bare),
                new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).build()).getEncoded();

        Unsealed u = unsealer.unseal(body, new SignerTrust(List.of(hubCa.certificate()), List.of()));

        assertThat(u.content().bytes()).isEqualTo(content);
        assertThat(u.signed()).isTrue();
    }

    /**
     * A body past the spool threshold (1 MiB) is opened from its file: each layer's content goes to a spool file,
     * the decrypted one is deleted once its signature is open, and closing the result deletes the last.
     */
    @ParameterizedTest
    @CsvSource({"-nosmimecap, -aes-256-cbc", "-stream, -aes-256-gcm"})
    void aLargeBodySignedThenEncryptedOpensThroughSpoolFilesThatAreDeleted(String signing, String cipher)
            throws Exception {
        Spool own = new Spool(new SpoolProperties(dir.resolve("spool" + signing), null));
        Unsealer unsealing = new Unsealer(keys, Clock.systemUTC(), own);
        byte[] large = largeXml(3 << 20);
        Path in = Files.write(dir.resolve("large" + signing + ".xml"), large);
        Path signedFile = Openssl.sign(in, dir.resolve("large" + signing + ".p7m"), pem("signer.crt"),
                pem("signer.key"), "sha256", signing);
        Path body = Openssl.encrypt(signedFile, dir.resolve("large" + signing + cipher + ".p7m"), cipher,
                pem("hub-encryption.crt"), signing.equals("-stream") ? new String[] {"-stream"} : new String[0]);

        try (Unsealed u = unsealing.unseal(Content.of(body), trust)) {
            assertThat(u.layers()).extracting(Unsealed.Layer::kind).containsExactly(Kind.DECRYPTED, Kind.SIGNATURE_VALID);
            assertThat(u.content().spooled()).isTrue();
            assertThat(u.content().sha256()).isEqualTo(Content.of(large).sha256());
            assertThat(own.count()).as("only the content is left, not the decrypted layer").isEqualTo(1);
        }
        assertThat(own.count()).as("closing deletes the content's spool file").isZero();

        byte[] altered = Files.readAllBytes(signedFile);
        byte[] middle = Arrays.copyOfRange(altered, altered.length / 2, altered.length);
        altered[altered.length / 2 + indexOf(middle, "unseal-marker".getBytes(StandardCharsets.US_ASCII))] ^= 0x01;
        Path alteredFile = Files.write(dir.resolve("altered" + signing + ".p7m"), altered);
        Path alteredBody = Openssl.encrypt(alteredFile, dir.resolve("altered" + signing + cipher + ".p7m"), cipher,
                pem("hub-encryption.crt"));
        boolean cbc = cipher.endsWith("cbc"); // unproven content: the one answer, no layer named
        assertThatThrownBy(() -> unsealing.unseal(Content.of(alteredBody), trust))
                .isInstanceOfSatisfying(UnsealingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(cbc ? Reason.DECRYPTION_FAILED : Reason.SIGNATURE_INVALID);
                    assertThat(e.opened()).hasSize(cbc ? 0 : 1).allMatch(l -> l.kind() == Kind.DECRYPTED);
                });
        assertThat(own.count()).as("a refusal leaves no spool file").isZero();
    }

    private static byte[] largeXml(int size) {
        StringBuilder xml = new StringBuilder(size + 64).append("<antrag>");
        for (int i = 0; xml.length() < size; i++) {
            xml.append("<zeile n=\"").append(i).append("\">unseal-marker Grüße</zeile>\n");
        }
        return xml.append("</antrag>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void truncatedBerBombTrailingBytesAndNonDerAreMalformed() throws Exception {
        byte[] signed = signed(xml, "signer", "sha256");
        refused(Arrays.copyOf(signed, signed.length / 2), Reason.MALFORMED, "truncated");
        byte[] bomb = new byte[200_000];
        for (int i = 0; i < bomb.length; i += 2) {
            bomb[i] = 0x30;
            bomb[i + 1] = (byte) 0x80;
        }
        refused(bomb, Reason.MALFORMED, "nesting deeper");
        byte[] trailing = Arrays.copyOf(signed, signed.length + 3);
        refused(trailing, Reason.MALFORMED, "3 bytes follow");
        refused(content, Reason.MALFORMED, "not a DER-encoded CMS ContentInfo");
        byte[] flood = new byte[2 + 4 + 2 * (BerEncoding.MAX_ELEMENTS + 1)];
        int length = flood.length - 2 - 4;
        flood[0] = 0x30;
        flood[1] = (byte) 0x84;
        flood[2] = (byte) (length >>> 24);
        flood[3] = (byte) (length >>> 16);
        flood[4] = (byte) (length >>> 8);
        flood[5] = (byte) length;
        for (int i = 6; i < flood.length; i += 2) {
            flood[i] = 0x30;
        }
        refused(flood, Reason.MALFORMED, "more than " + BerEncoding.MAX_ELEMENTS);
    }

    @Test
    void otherContentTypesAreRefused() throws Exception {
        Path digested = dir.resolve("digested.der");
        Openssl.ok(digested, List.of("cms", "-digest_create", "-binary", "-outform", "DER", "-in", xml.toString(),
                "-out", digested.toString()));
        refused(Files.readAllBytes(digested), Reason.CONTENT_TYPE_UNSUPPORTED, "DigestedData");
        Path data = dir.resolve("data.der");
        Openssl.ok(data, List.of("cms", "-data_create", "-binary", "-outform", "DER", "-in", xml.toString(),
                "-out", data.toString()));
        refused(Files.readAllBytes(data), Reason.CONTENT_TYPE_UNSUPPORTED, "id-data");
    }

    @Test
    void aDetachedSignatureIsMalformed() throws Exception {
        Path detached = dir.resolve("detached.der");
        Openssl.ok(detached, List.of("cms", "-sign", "-binary", "-outform", "DER", "-in", xml.toString(),
                "-signer", pem("signer.crt").toString(), "-inkey", pem("signer.key").toString(), "-out",
                detached.toString()));
        refused(Files.readAllBytes(detached), Reason.MALFORMED, "detached");
    }

    @Test
    void contentThatDoesNotMatchItsSignatureIsRefused() throws Exception {
        byte[] signed = signed(xml, "signer", "sha256");
        int at = indexOf(signed, "unseal-marker".getBytes(StandardCharsets.US_ASCII));
        signed[at] ^= 0x01;
        refused(signed, Reason.SIGNATURE_INVALID, "does not match");
    }

    @Test
    void aSignerFromAnUntrustedCaWithTheSameNameIsRefused() throws Exception {
        CertificateAuthority impostor = CertificateAuthority.create("portal CA", KeyKind.EC_P256, Duration.ofDays(30));
        write("impostor", impostor.issue("portal signer", KeyKind.EC_P256, Usage.SIGNING, Duration.ofDays(30)));
        refused(signed(xml, "impostor", "sha256"), Reason.SIGNER_UNTRUSTED, "does not chain");
    }

    @Test
    void aPortalWithoutTrustAnchorsTrustsNoSignature() throws Exception {
        UnsealingException e = refused(signed(xml, "signer", "sha256"), SignerTrust.none(), Reason.SIGNER_UNTRUSTED);
        assertThat(e.getMessage()).contains("no trust anchors");
    }

    @Test
    void sha1Rsa1024AndTripleDesAreWeak() throws Exception {
        refused(signed(xml, "signer", "sha1"), Reason.WEAK_ALGORITHM, "SHA1");
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        KeyPair weak = g.generateKeyPair();
        Instant now = Instant.now();
        write("rsa-1024", new Issued(weak, portalCa.certify("portal RSA-1024 signer", weak.getPublic(), Usage.SIGNING,
                now.minusSeconds(60), now.plus(Duration.ofDays(1))), List.of()));
        refused(signed(xml, "rsa-1024", "sha256"), Reason.WEAK_ALGORITHM, "1024 bits");
        Path des = Openssl.encrypt(xml, dir.resolve("des.der"), "-des3", pem("hub-encryption.crt"));
        refused(Files.readAllBytes(des), Reason.WEAK_ALGORITHM, "content encryption");
    }

    @Test
    void expiredAndNotYetValidSignersAreRefused() throws Exception {
        Instant now = Instant.now();
        write("expired", portalCa.issue("expired signer", KeyKind.EC_P256, Usage.SIGNING,
                now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1))));
        refused(signed(xml, "expired", "sha256"), Reason.CERTIFICATE_NOT_VALID, "CN=expired signer");
        write("future", portalCa.issue("future signer", KeyKind.EC_P256, Usage.SIGNING,
                now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(10))));
        refused(signed(xml, "future", "sha256"), Reason.CERTIFICATE_NOT_VALID, "CN=future signer");
    }

    @Test
    void withCrlsARevokedSignerIsRefusedAndAGoodOnePasses() throws Exception {
        Issued revoked = write("revoked", portalCa.issue("revoked signer", KeyKind.EC_P256, Usage.SIGNING,
                Duration.ofDays(30)));
        SignerTrust checking = new SignerTrust(List.of(portalCa.certificate()),
                List.of(portalCa.crl(Instant.now().plus(Duration.ofDays(1)), revoked.certificate())));

        refused(signed(xml, "revoked", "sha256"), checking, Reason.CERTIFICATE_REVOKED);
        assertThat(unsealer.unseal(signed(xml, "signer", "sha256"), checking).signed()).isTrue();

        SignerTrust noCrlForThisCa = new SignerTrust(List.of(portalCa.certificate(), hubCa.certificate()),
                List.of(hubCa.crl(Instant.now().plus(Duration.ofDays(1)))));
        UnsealingException e = refused(signed(xml, "signer", "sha256"), noCrlForThisCa, Reason.SIGNER_UNTRUSTED);
        assertThat(e.getMessage()).contains("revocation status");
    }

    @Test
    void encryptedForSomeoneElseOrAlteredIsRefused() throws Exception {
        Path other = Openssl.encrypt(xml, dir.resolve("other.der"), "-aes-256-gcm", pem("someone-else.crt"));
        refused(Files.readAllBytes(other), Reason.NOT_ENCRYPTED_FOR_HUB, "none of the 1 RecipientInfo");

        byte[] gcm = Files.readAllBytes(Openssl.encrypt(xml, dir.resolve("gcm.der"), "-aes-256-gcm",
                pem("hub-encryption.crt")));
        gcm[gcm.length - 1] ^= 0x01; // the last byte is the GCM tag's
        refused(gcm, Reason.DECRYPTION_FAILED, "hub-encryption");

        Path cbcForOther = Openssl.encrypt(xml, dir.resolve("other-cbc.der"), "-aes-256-cbc", pem("someone-else.crt"));
        refused(Files.readAllBytes(cbcForOther), Reason.NOT_ENCRYPTED_FOR_HUB, "none of the 1 RecipientInfo");
    }

    /**
     * An altered encryptedKey (Bleichenbacher's probe of the RSA padding) fails like altered content: the key does
     * not unwrap, {@link KeyTransport} goes on with a random one, and the content fails at its end.
     */
    @ParameterizedTest
    @ValueSource(strings = {"-aes-256-gcm", "-aes-256-cbc"})
    void anAlteredEncryptedKeyFailsLikeAlteredContent(String cipher) throws Exception {
        Path signedFile = Files.write(dir.resolve("key-signed" + cipher + ".der"), signed(xml, "signer", "sha256"));
        byte[] body = Files.readAllBytes(Openssl.encrypt(signedFile, dir.resolve("key" + cipher + ".der"), cipher,
                pem("hub-encryption.crt")));
        byte[] alteredKey = body.clone();
        alteredKey[indexOf(body, encryptedKey(body)) + 7] ^= 0x01;
        byte[] alteredContent = body.clone();
        alteredContent[cipher.endsWith("gcm") ? body.length - 1 : body.length - 17] ^= 0x01;

        UnsealingException key = refused(alteredKey, trust, Reason.DECRYPTION_FAILED);
        UnsealingException content = refused(alteredContent, trust, Reason.DECRYPTION_FAILED);

        assertThat(key.getMessage()).isEqualTo(content.getMessage());
        assertThat(key.opened()).isEqualTo(content.opened()).isEmpty();
    }

    private static byte[] encryptedKey(byte[] cms) {
        ContentInfo info = ContentInfo.getInstance(cms);
        ASN1Set recipients = info.getContentType().equals(CMSObjectIdentifiers.authEnvelopedData)
                ? AuthEnvelopedData.getInstance(info.getContent()).getRecipientInfos()
                : EnvelopedData.getInstance(info.getContent()).getRecipientInfos();
        return KeyTransRecipientInfo.getInstance(RecipientInfo.getInstance(recipients.getObjectAt(0)).getInfo())
                .getEncryptedKey().getOctets();
    }

    @Test
    void aRefusalAfterDecryptionNamesTheLayerItOpened() throws Exception {
        Path sha1 = Files.write(dir.resolve("sha1.der"), signed(xml, "signer", "sha1"));
        Path body = Openssl.encrypt(sha1, dir.resolve("sha1-encrypted.der"), "-aes-256-gcm", pem("hub-encryption.crt"));
        UnsealingException e = refused(Files.readAllBytes(body), Reason.WEAK_ALGORITHM, "SHA1");
        assertThat(e.opened()).extracting(Unsealed.Layer::kind).containsExactly(Kind.DECRYPTED);
    }

    @Test
    void moreThanFourLayersAreRefused() throws Exception {
        Path current = xml;
        for (int i = 0; i < Unsealer.MAX_LAYERS + 1; i++) {
            current = Files.write(dir.resolve("layer-" + i + ".der"), signed(current, "signer", "sha256"));
        }
        refused(Files.readAllBytes(current), Reason.MALFORMED, "more than " + Unsealer.MAX_LAYERS);
    }

    private static UnsealingException refused(byte[] body, Reason reason, String detail) {
        UnsealingException e = refused(body, trust, reason);
        assertThat(e.getMessage()).contains(detail);
        return e;
    }

    private static UnsealingException refused(byte[] body, SignerTrust with, Reason reason) {
        long start = System.nanoTime();
        try {
            unsealer.unseal(body, with);
        } catch (UnsealingException e) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
            return e;
        }
        throw new AssertionError("not refused; expected " + reason);
    }

    private static byte[] signed(Path in, String signer, String md) throws Exception {
        Path out = dir.resolve(in.getFileName() + "." + signer + "." + md + "." + System.nanoTime() + ".der");
        return Files.readAllBytes(Openssl.sign(in, out, pem(signer + ".crt"), pem(signer + ".key"), md));
    }

    private static Path pem(String name) {
        return dir.resolve(name);
    }

    private static Issued write(String name, Issued issued) throws Exception {
        PemFiles.write(dir.resolve(name + ".crt"), issued.certificate());
        PemFiles.write(dir.resolve(name + ".key"), issued.keys().getPrivate());
        return issued;
    }

    private static Certificate[] chain(Issued issued) {
        return issued.chain().toArray(Certificate[]::new);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("marker not found");
    }
}
