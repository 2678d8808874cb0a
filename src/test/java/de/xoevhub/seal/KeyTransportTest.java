package de.xoevhub.seal;

import static org.assertj.core.api.Assertions.assertThat;

import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.operator.DefaultSecretKeySizeProvider;
import org.junit.jupiter.api.Test;

/** The content key {@link KeyTransport} goes on with: the unwrapped one if it fits the cipher, else a random one. */
class KeyTransportTest {

    private static final AlgorithmIdentifier AES_256_CBC = new AlgorithmIdentifier(NISTObjectIdentifiers.id_aes256_CBC);

    @Test
    void aKeyOfTheRightLengthIsKept() {
        SecretKeySpec unwrapped = new SecretKeySpec(new byte[32], "AES");

        assertThat(KeyTransport.orRandom(() -> unwrapped, AES_256_CBC)).isSameAs(unwrapped);
    }

    @Test
    void aKeyThatDoesNotUnwrapOrHasTheWrongLengthBecomesARandomOneOfTheRightLength() {
        byte[] failed = KeyTransport.orRandom(() -> {
            throw new CMSException("exception unwrapping key: bad padding");
        }, AES_256_CBC).getEncoded();
        byte[] tooShort = KeyTransport.orRandom(() -> new SecretKeySpec(new byte[16], "AES"), AES_256_CBC).getEncoded();

        assertThat(failed).hasSize(32).isNotEqualTo(new byte[32]);
        assertThat(tooShort).hasSize(32).isNotEqualTo(failed);
    }

    /** Else a cipher the policy accepts would get a random key even when the real one unwrapped. */
    @Test
    void everyContentCipherThePolicyAcceptsHasAKnownKeySize() {
        for (ASN1ObjectIdentifier aes : new ASN1ObjectIdentifier[] {NISTObjectIdentifiers.id_aes128_CBC,
                NISTObjectIdentifiers.id_aes192_CBC, NISTObjectIdentifiers.id_aes256_CBC,
                NISTObjectIdentifiers.id_aes128_GCM, NISTObjectIdentifiers.id_aes192_GCM,
                NISTObjectIdentifiers.id_aes256_GCM, NISTObjectIdentifiers.id_aes128_CCM,
                NISTObjectIdentifiers.id_aes192_CCM, NISTObjectIdentifiers.id_aes256_CCM}) {
            AlgorithmPolicy.contentCipher(new AlgorithmIdentifier(aes));
            assertThat(DefaultSecretKeySizeProvider.INSTANCE.getKeySize(aes)).as(aes.getId()).isIn(128, 192, 256);
        }
    }
}
