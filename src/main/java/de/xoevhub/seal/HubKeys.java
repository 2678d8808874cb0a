package de.xoevhub.seal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.RecipientId;
import org.springframework.stereotype.Component;

/**
 * The hub's own keys, from its PKCS#12 keystore. One alias is active and signs; keys that were rotated out stay in
 * the keystore and remain valid for verifying what they signed earlier. Keys whose certificate allows
 * keyEncipherment or keyAgreement decrypt what portals encrypt for the hub, each found by the RecipientInfo that
 * names it, so a portal still using a rotated-out encryption certificate can be read.
 */
@Component
public class HubKeys {

    /** A signing key with its certificate chain and the JCA signature algorithm it signs with. */
    public record SigningKey(String alias, PrivateKey key, List<X509Certificate> chain, String algorithm) {
        public X509Certificate certificate() {
            return chain.get(0);
        }
    }

    /** A key that decrypts what portals encrypt for the hub, with its certificate. */
    public record DecryptionKey(String alias, PrivateKey key, X509Certificate certificate) {
    }

    private static final int DIGITAL_SIGNATURE = 0;
    private static final int NON_REPUDIATION = 1;
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_AGREEMENT = 4;

    private final Map<String, SigningKey> keys;
    private final SigningKey active;
    private final Map<X509CertificateHolder, DecryptionKey> decryptionKeys;

    public HubKeys(SealProperties properties, DevPki devPki, CertificateExpiry expiry) {
        if (properties.keystore() == null) {
            throw new IllegalStateException("hub.seal.keystore is not set");
        }
        try (InputStream in = Files.newInputStream(properties.keystore())) {
            char[] password = password(properties);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            Map<String, SigningKey> found = new LinkedHashMap<>();
            Map<X509CertificateHolder, DecryptionKey> decrypting = new LinkedHashMap<>();
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    List<X509Certificate> chain = Arrays.stream(ks.getCertificateChain(alias))
                            .map(X509Certificate.class::cast).toList();
                    PrivateKey key = (PrivateKey) ks.getKey(alias, password);
                    boolean[] usage = chain.get(0).getKeyUsage();
                    if (usage == null || usage[DIGITAL_SIGNATURE] || usage[NON_REPUDIATION]) {
                        found.put(alias, new SigningKey(alias, key, chain, algorithm(key, properties.rsaSignature())));
                    }
                    if (usage == null || usage[KEY_ENCIPHERMENT] || usage[KEY_AGREEMENT]) {
                        decrypting.put(new JcaX509CertificateHolder(chain.get(0)),
                                new DecryptionKey(alias, key, chain.get(0)));
                    }
                }
            }
            this.keys = Map.copyOf(found);
            this.decryptionKeys = Collections.unmodifiableMap(decrypting);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot open the hub keystore " + properties.keystore() + ": " + e.getMessage(), e);
        }
        this.active = keys.get(properties.activeAlias());
        if (active == null) {
            throw new IllegalStateException("hub.seal.active-alias '" + properties.activeAlias()
                    + "' is no signing key in " + properties.keystore() + "; signing keys there: " + keys.keySet());
        }
        keys.values().forEach(k -> expiry.watch("hub-key", k.alias(), k.certificate()));
        decryptionKeys.values().stream().filter(k -> !keys.containsKey(k.alias()))
                .forEach(k -> expiry.watch("hub-key", k.alias(), k.certificate()));
    }

    /** The key that signs now. */
    public SigningKey active() {
        return active;
    }

    /** Every certificate of the hub's keys, the active one first: what verifiers of older signatures accept. */
    public List<X509Certificate> certificates() {
        List<X509Certificate> all = new ArrayList<>();
        all.add(active.certificate());
        keys.values().stream().filter(k -> k != active).forEach(k -> all.add(k.certificate()));
        return all;
    }

    /** The hub key a RecipientInfo names (issuer and serial, or subject key identifier), if there is one. */
    public Optional<DecryptionKey> decryptionKey(RecipientId recipient) {
        return decryptionKeys.entrySet().stream().filter(e -> recipient.match(e.getKey()))
                .map(Map.Entry::getValue).findFirst();
    }

    static String algorithm(PrivateKey key, SealProperties.RsaSignature rsa) {
        return switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> rsa == SealProperties.RsaSignature.PKCS1 ? "SHA256withRSA" : "SHA256withRSAandMGF1";
            default -> throw new IllegalStateException("hub signing key of type " + key.getAlgorithm()
                    + " is not supported; use EC P-256 or RSA-3072");
        };
    }

    private static char[] password(SealProperties p) throws IOException {
        if (p.password() != null && !p.password().isEmpty()) {
            return p.password().toCharArray();
        }
        if (p.passwordFile() != null && Files.exists(p.passwordFile())) {
            return Files.readAllLines(p.passwordFile()).get(0).strip().toCharArray();
        }
        throw new IllegalStateException("no password for the hub keystore: set HUB_SEAL_PASSWORD or hub.seal.password-file");
    }
}
