package de.xoevhub.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.xoevhub.seal.CertificateAuthority.Issued;
import de.xoevhub.seal.CertificateAuthority.KeyKind;
import de.xoevhub.seal.CertificateAuthority.Usage;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the hub seals, opened by an independent peer: Debian's openssl decrypts with the recipient's key and
 * verifies the signature against the CA, for both encryption modes, all three signature schemes and both recipient
 * key types. The CAdES-BES attributes are checked in openssl's own ASN.1 print.
 */
class SealerTest {

    @TempDir
    static Path dir;

    static CertificateAuthority ca;
    static Issued rsaRecipient;
    static Issued ecRecipient;
    static Path caFile;

    @BeforeAll
    static void pki() throws Exception {
        ca = CertificateAuthority.create("test CA", KeyKind.EC_P256, Duration.ofDays(30));
        rsaRecipient = ca.issue("FV RSA", KeyKind.RSA_3072, Usage.ENCRYPTION, Duration.ofDays(30));
        ecRecipient = ca.issue("FV EC", KeyKind.EC_P256, Usage.ENCRYPTION, Duration.ofDays(30));
        caFile = dir.resolve("ca.crt");
        PemFiles.write(caFile, ca.certificate());
        for (var r : List.of(rsaRecipient, ecRecipient)) {
            String name = r == rsaRecipient ? "rsa" : "ec";
            PemFiles.write(dir.resolve(name + ".crt"), r.certificate());
            PemFiles.write(dir.resolve(name + ".key"), r.keys().getPrivate());
        }
    }

    @ParameterizedTest(name = "{0} signer, {1}, {2} recipient")
    @CsvSource({
            "EC_P256, aes-256-gcm, rsa", "EC_P256, aes-256-gcm, ec", "EC_P256, aes-256-cbc, rsa",
            "EC_P256, aes-256-cbc, ec",
            "RSA_PSS, aes-256-gcm, rsa", "RSA_PSS, aes-256-cbc, ec",
            "RSA_PKCS1, aes-256-gcm, ec", "RSA_PKCS1, aes-256-cbc, rsa"})
    void opensslDecryptsAndVerifies(String signer, String mode, String recipient) throws Exception {
        Sealer sealer = sealer(signer);
        byte[] content = ("<antrag>" + signer + " " + mode + " Grüße</antrag>").getBytes(StandardCharsets.UTF_8);
        Issued to = recipient.equals("rsa") ? rsaRecipient : ecRecipient;
        Path sealed = dir.resolve(signer + "-" + mode + "-" + recipient + ".p7m");

        Sealer.Seal seal;
        try (OutputStream out = Files.newOutputStream(sealed)) {
            seal = sealer.seal(new ByteArrayInputStream(content), out,
                    new Recipients(SealMode.of(mode), List.of(to.certificate())));
        }

        assertThat(Openssl.unseal(sealed, dir.resolve(recipient + ".crt"), dir.resolve(recipient + ".key"), caFile, dir))
                .isEqualTo(content);
        String outer = Openssl.print(sealed);
        assertThat(outer).contains(mode.equals("aes-256-gcm") ? "id-smime-ct-authEnvelopedData" : "pkcs7-envelopedData")
                .contains(mode.equals("aes-256-gcm") ? "aes-256-gcm" : "aes-256-cbc")
                .contains(recipient.equals("rsa") ? "rsaesOaep" : "dhSinglePass-stdDH-sha256kdf-scheme");
        assertThat(new String(Files.readAllBytes(sealed), StandardCharsets.ISO_8859_1))
                .as("the content is encrypted").doesNotContain(new String(content, StandardCharsets.ISO_8859_1));
        String signed = Openssl.print(dir.resolve(sealed.getFileName() + ".signed.der"));
        assertThat(signed).contains("signingTime").contains("id-smime-aa-signingCertificateV2")
                .contains(switch (signer) {
                    case "EC_P256" -> "ecdsa-with-SHA256";
                    case "RSA_PSS" -> "rsassaPss";
                    default -> "sha256WithRSAEncryption";
                });
        assertThat(seal.signer()).contains("CN=hub " + signer);
        assertThat(seal.describe()).startsWith("seal=" + mode + " signer=");
    }

    @Test
    void everyRecipientCanDecryptTheSameMessage() throws Exception {
        byte[] content = "<antrag>for the Fachverfahren and its backup</antrag>".getBytes(StandardCharsets.UTF_8);
        Path sealed = dir.resolve("two-recipients.p7m");
        try (OutputStream out = Files.newOutputStream(sealed)) {
            sealer("EC_P256").seal(new ByteArrayInputStream(content), out, new Recipients(SealMode.AES_256_GCM,
                    List.of(rsaRecipient.certificate(), ecRecipient.certificate())));
        }
        assertThat(Openssl.unseal(sealed, dir.resolve("rsa.crt"), dir.resolve("rsa.key"), caFile, dir)).isEqualTo(content);
        Files.copy(sealed, dir.resolve("two-recipients-ec.p7m"));
        assertThat(Openssl.unseal(dir.resolve("two-recipients-ec.p7m"), dir.resolve("ec.crt"), dir.resolve("ec.key"),
                caFile, dir)).isEqualTo(content);
    }

    @Test
    void afterARotationTheNewKeySignsAndTheOldOneIsStillKnown() throws Exception {
        Issued old = ca.issue("hub 2025", KeyKind.EC_P256, Usage.SIGNING, Duration.ofDays(30));
        Issued current = ca.issue("hub 2026", KeyKind.RSA_3072, Usage.SIGNING, Duration.ofDays(30));
        Path keystore = dir.resolve("rotated.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("hub-2025", old.keys().getPrivate(), "secret".toCharArray(), old.chain().toArray(Certificate[]::new));
        ks.setKeyEntry("hub-2026", current.keys().getPrivate(), "secret".toCharArray(),
                current.chain().toArray(Certificate[]::new));
        try (OutputStream out = Files.newOutputStream(keystore)) {
            ks.store(out, "secret".toCharArray());
        }
        SealProperties props = new SealProperties(keystore, "secret", null, "hub-2026", null, false);
        HubKeys keys = new HubKeys(props, new DevPki(props), new CertificateExpiry(Clock.systemUTC()));

        assertThat(keys.active().alias()).isEqualTo("hub-2026");
        assertThat(keys.certificates()).containsExactly(current.certificate(), old.certificate());
        Path sealed = dir.resolve("rotated.p7m");
        try (OutputStream out = Files.newOutputStream(sealed)) {
            new Sealer(keys, Clock.systemUTC()).seal(new ByteArrayInputStream("<a/>".getBytes(StandardCharsets.UTF_8)),
                    out, new Recipients(SealMode.AES_256_CBC, List.of(rsaRecipient.certificate())));
        }
        Openssl.unseal(sealed, dir.resolve("rsa.crt"), dir.resolve("rsa.key"), caFile, dir);
        assertThat(Openssl.print(dir.resolve("rotated.p7m.signed.der"))).contains("CN=hub 2026").doesNotContain("CN=hub 2025");

        SealProperties unknown = new SealProperties(keystore, "secret", null, "hub-2027", null, false);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new HubKeys(unknown, new DevPki(unknown),
                new CertificateExpiry(Clock.systemUTC()))).hasMessageContaining("hub-2027").hasMessageContaining("hub-2025");
    }

    @Test
    void sealingOffPassesTheContentThroughAndSaysSo() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        Sealer.Seal seal = sealer("EC_P256").seal(new ByteArrayInputStream(new byte[] {1, 2, 3}), out, Recipients.off());
        assertThat(out.toByteArray()).containsExactly(1, 2, 3);
        assertThat(seal.describe()).isEqualTo("seal=off (configured for this destination)");
    }

    @Test
    void anExpiredRecipientCertificateIsRefused() throws Exception {
        Issued expired = ca.issue("FV old", KeyKind.EC_P256, Usage.ENCRYPTION,
                Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1)));
        assertThatThrownBy(() -> sealer("EC_P256").seal(new ByteArrayInputStream(new byte[1]),
                OutputStream.nullOutputStream(), new Recipients(SealMode.AES_256_GCM, List.of(expired.certificate()))))
                .isInstanceOf(SealingException.class).hasMessageContaining("CN=FV old").hasMessageContaining("not valid now");
    }

    @Test
    void aSigningCertificateCannotBeARecipient() {
        Issued signing = ca.issue("not for encryption", KeyKind.RSA_3072, Usage.SIGNING, Duration.ofDays(1));
        assertThatThrownBy(() -> new Recipients(SealMode.AES_256_CBC, List.of(signing.certificate())))
                .hasMessageContaining("keyEncipherment");
        assertThatThrownBy(() -> new Recipients(SealMode.AES_256_CBC, List.of())).hasMessageContaining("at least one");
    }

    /** A sealer whose keystore holds a hub key of the given kind, issued by the test CA. */
    static Sealer sealer(String signer) throws Exception {
        Issued hub = ca.issue("hub " + signer, signer.equals("EC_P256") ? KeyKind.EC_P256 : KeyKind.RSA_3072,
                Usage.SIGNING, Duration.ofDays(30));
        Path keystore = dir.resolve("hub-" + signer + "-" + System.nanoTime() + ".p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("hub", hub.keys().getPrivate(), "secret".toCharArray(), hub.chain().toArray(Certificate[]::new));
        try (OutputStream out = Files.newOutputStream(keystore)) {
            ks.store(out, "secret".toCharArray());
        }
        SealProperties props = new SealProperties(keystore, "secret", null, "hub",
                signer.equals("RSA_PKCS1") ? SealProperties.RsaSignature.PKCS1 : SealProperties.RsaSignature.PSS, false);
        return new Sealer(new HubKeys(props, new DevPki(props), new CertificateExpiry(Clock.systemUTC())), Clock.systemUTC());
    }
}
