package de.xoevhub.seal;

import de.xoevhub.seal.CertificateAuthority.Issued;
import de.xoevhub.seal.CertificateAuthority.KeyKind;
import de.xoevhub.seal.CertificateAuthority.Usage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The development PKI of the embedded default. On first start, when {@code hub.seal.dev-pki} is on and the keystore
 * does not exist, it generates beside the keystore:
 * <ul>
 *   <li>{@code ca.crt}: the dev CA (its key is discarded);</li>
 *   <li>{@code hub.p12} (alias {@code hub}) and {@code hub.crt}: the hub's EC P-256 signing key and certificate;</li>
 *   <li>in the same keystore (alias {@code hub-encryption}) and {@code hub-encryption.crt}: the hub's RSA-3072
 *   encryption key and certificate, for portals that encrypt their submissions to the hub;</li>
 *   <li>{@code hub.p12.password}: a random keystore password, unless one is configured;</li>
 *   <li>{@code demo-recipient.crt} and {@code demo-recipient.key}: the demo Fachverfahren's RSA-3072 encryption
 *   certificate and its unencrypted key, so that {@code openssl cms -decrypt} can open what the hub delivers.</li>
 * </ul>
 * The files with keys or the password ({@code hub.p12}, {@code hub.p12.password}, {@code demo-recipient.key}) are
 * created readable by their owner only, never readable by others for a moment.
 * A keystore that already exists is never changed: a data directory from before the encryption key was added
 * gets it only when its {@code pki} directory is deleted (and so regenerated). Never use these files in production.
 */
@Component
public class DevPki {

    private static final Logger LOG = LoggerFactory.getLogger(DevPki.class);
    static final String CA = "ca.crt";
    static final String HUB_CERT = "hub.crt";
    static final String ENCRYPTION_ALIAS = "hub-encryption";
    static final String ENCRYPTION_CERT = "hub-encryption.crt";
    static final String RECIPIENT_CERT = "demo-recipient.crt";
    static final String RECIPIENT_KEY = "demo-recipient.key";

    public DevPki(SealProperties properties) {
        if (properties.devPki() && properties.keystore() != null && !Files.exists(properties.keystore())) {
            generate(properties);
        }
    }

    private static void generate(SealProperties p) {
        Path dir = p.keystore().toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            char[] password = password(p);
            CertificateAuthority ca = CertificateAuthority.create("xoev-hub dev CA", KeyKind.EC_P256,
                    Duration.ofDays(3650));
            Issued hub = ca.issue("xoev-hub dev hub", KeyKind.EC_P256, Usage.SIGNING, Duration.ofDays(825));
            Issued encryption = ca.issue("xoev-hub dev hub encryption", KeyKind.RSA_3072, Usage.ENCRYPTION,
                    Duration.ofDays(825));
            Issued recipient = ca.issue("xoev-hub demo Fachverfahren", KeyKind.RSA_3072, Usage.ENCRYPTION,
                    Duration.ofDays(825));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(p.activeAlias(), hub.keys().getPrivate(), password,
                    hub.chain().toArray(Certificate[]::new));
            ks.setKeyEntry(ENCRYPTION_ALIAS, encryption.keys().getPrivate(), password,
                    encryption.chain().toArray(Certificate[]::new));
            // holds the private keys: owner-only from its creation on (the move keeps the permissions)
            Path tmp = dir.resolve(p.keystore().getFileName() + ".tmp");
            try (OutputStream out = PemFiles.newSecretFile(tmp)) {
                ks.store(out, password);
            }
            PemFiles.write(dir.resolve(CA), ca.certificate());
            PemFiles.write(dir.resolve(HUB_CERT), hub.certificate());
            PemFiles.write(dir.resolve(ENCRYPTION_CERT), encryption.certificate());
            PemFiles.write(dir.resolve(RECIPIENT_CERT), recipient.certificate());
            PemFiles.write(dir.resolve(RECIPIENT_KEY), recipient.keys().getPrivate());
            // the keystore last: its presence means the dev PKI is complete
            Files.move(tmp, p.keystore(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            LOG.warn("generated a DEVELOPMENT PKI under {} (dev CA, hub signing and encryption keys, demo recipient); "
                    + "not for production: set hub.seal.keystore and hub.seal.dev-pki=false", dir);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate the development PKI under " + dir + ": " + e, e);
        }
    }

    private static char[] password(SealProperties p) throws IOException {
        if (p.password() != null && !p.password().isEmpty()) {
            return p.password().toCharArray();
        }
        if (p.passwordFile() == null) {
            throw new IllegalStateException("hub.seal: set password (HUB_SEAL_PASSWORD) or password-file");
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Files.createDirectories(p.passwordFile().toAbsolutePath().getParent());
        PemFiles.writeSecret(p.passwordFile(), password + "\n");
        return password.toCharArray();
    }
}
