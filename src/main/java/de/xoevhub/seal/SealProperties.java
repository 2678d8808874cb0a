package de.xoevhub.seal;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The hub's signing keys (hub.seal.*). The keystore is PKCS#12; its password comes from {@code password} (set it
 * through the environment, HUB_SEAL_PASSWORD) or from {@code password-file}. With {@code dev-pki} on and no keystore
 * yet, the hub generates a development PKI beside the keystore on first start.
 *
 * @param keystore     PKCS#12 file with the hub's signing key(s) and certificate chain(s)
 * @param password     keystore password; prefer the environment or the password file
 * @param passwordFile file holding the keystore password (first line)
 * @param activeAlias  the key that signs; every other key in the keystore stays valid for verification
 * @param rsaSignature for an RSA key: {@code pss} (RSASSA-PSS, SHA-256) or {@code pkcs1} (PKCS#1 v1.5)
 * @param devPki       generate a development PKI on first start when the keystore does not exist
 */
@ConfigurationProperties(prefix = "hub.seal")
public record SealProperties(Path keystore, String password, Path passwordFile, String activeAlias,
                             RsaSignature rsaSignature, boolean devPki) {

    /** The two RSA signature schemes the hub can sign with. */
    public enum RsaSignature { PSS, PKCS1 }

    public SealProperties {
        activeAlias = activeAlias == null || activeAlias.isBlank() ? "hub" : activeAlias;
        rsaSignature = rsaSignature == null ? RsaSignature.PSS : rsaSignature;
    }
}
