package de.xoevhub.bench;

import de.xoevhub.seal.CertificateAuthority;
import de.xoevhub.seal.CertificateAuthority.Issued;
import de.xoevhub.seal.CertificateAuthority.KeyKind;
import de.xoevhub.seal.CertificateAuthority.Usage;
import de.xoevhub.seal.CertificateExpiry;
import de.xoevhub.seal.DevPki;
import de.xoevhub.seal.HubKeys;
import de.xoevhub.seal.Recipients;
import de.xoevhub.seal.SealMode;
import de.xoevhub.seal.SealProperties;
import de.xoevhub.seal.Sealer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSSignedDataStreamGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import java.security.Provider;

/**
 * Sealing throughput: the hub's {@link Sealer} (CAdES-BES SignedData in an AES-256-GCM AuthEnvelopedData for an
 * RSA-3072 recipient) against the bare BouncyCastle calls for the same structure (SignedData with BC's default
 * signed attributes, AuthEnvelopedData, RSA-OAEP; one provider instance, the JDK's digests and AES, as the hub),
 * measured in the same JVM, one thread, each figure after a warm-up. The difference is the hub's own work: the
 * CAdES signing-certificate-v2 attribute, the certificate chain, the recipient checks. "stream" mode seals 1 GiB generated on the fly and reports MiB/s and the peak heap (run it with
 * -Xmx256m).
 *
 * <p>Usage: SealBench small SECONDS | SealBench stream MIB
 */
public final class SealBench {

    private static final CertificateAuthority CA = CertificateAuthority.create("bench CA", KeyKind.EC_P256,
            Duration.ofDays(30));
    private static final Issued RECIPIENT = CA.issue("bench Fachverfahren", KeyKind.RSA_3072, Usage.ENCRYPTION,
            Duration.ofDays(30));

    private static final Provider BC = new BouncyCastleProvider();
    private static final DigestCalculatorProvider DIGESTS = digests();

    private static DigestCalculatorProvider digests() {
        try {
            return new JcaDigestCalculatorProviderBuilder().build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("stream")) {
            stream(Long.parseLong(args[1]));
            return;
        }
        double seconds = Double.parseDouble(args[1]);
        System.out.printf("%-34s %14s %14s %8s%n", "signer / size", "bare BC", "hub Sealer", "ratio");
        for (KeyKind kind : List.of(KeyKind.EC_P256, KeyKind.RSA_3072)) {
            Issued hub = CA.issue("bench hub", kind, Usage.SIGNING, Duration.ofDays(30));
            Sealer sealer = sealer(hub);
            String algorithm = kind == KeyKind.EC_P256 ? "SHA256withECDSA" : "SHA256withRSAandMGF1";
            for (int size : List.of(4 << 10, 1 << 20)) {
                byte[] content = new byte[size];
                ThreadLocalRandom.current().nextBytes(content);
                Recipients to = new Recipients(SealMode.AES_256_GCM, List.of(RECIPIENT.certificate()));
                double bare = rate(seconds, () -> bare(hub, algorithm, content));
                double ours = rate(seconds, () -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream(size + 8192);
                    sealer.seal(new ByteArrayInputStream(content), out, to);
                });
                String name = (kind == KeyKind.EC_P256 ? "ECDSA P-256" : "RSA-3072 PSS") + ", "
                        + (size < (1 << 20) ? "4 KiB" : "1 MiB");
                System.out.printf("%-34s %10.1f m/s %10.1f m/s %7.1f%%%n", name, bare, ours, 100 * ours / bare);
            }
        }
    }

    /** The same structure with nothing but BouncyCastle calls: what every sealing implementation must do. */
    private static void bare(Issued hub, String algorithm, byte[] content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 8192);
        CMSAuthEnvelopedDataStreamGenerator enveloped = new CMSAuthEnvelopedDataStreamGenerator();
        var oaep = new JcaAlgorithmParametersConverter().getAlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP,
                new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        enveloped.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(RECIPIENT.certificate(), oaep));
        OutputStream encrypted = enveloped.open(CMSObjectIdentifiers.signedData, out,
                (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM).build());
        CMSSignedDataStreamGenerator signed = new CMSSignedDataStreamGenerator();
        signed.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(DIGESTS).build(
                new JcaContentSignerBuilder(algorithm).setProvider(BC).build(hub.keys().getPrivate()), hub.certificate()));
        try (OutputStream s = signed.open(encrypted, true)) {
            s.write(content);
        }
        encrypted.close();
    }

    private static void stream(long mib) throws Exception {
        Issued hub = CA.issue("bench hub", KeyKind.EC_P256, Usage.SIGNING, Duration.ofDays(30));
        Sealer sealer = sealer(hub);
        Recipients to = new Recipients(SealMode.AES_256_GCM, List.of(RECIPIENT.certificate()));
        long bytes = mib << 20;
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long t0 = System.nanoTime();
        CountingSink sink = new CountingSink();
        sealer.seal(new Generated(bytes), sink, to);
        double secs = (System.nanoTime() - t0) / 1e9;
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf("stream %d MiB sealed in %.1f s = %.1f MiB/s; %d MiB out; peak heap %.1f MiB (max heap %d MiB)%n",
                mib, secs, mib / secs, sink.count >> 20, peak / 1048576.0, Runtime.getRuntime().maxMemory() >> 20);
    }

    private static Sealer sealer(Issued hub) throws Exception {
        Path dir = Files.createTempDirectory("seal-bench");
        Path keystore = dir.resolve("hub.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("hub", hub.keys().getPrivate(), "bench".toCharArray(), hub.chain().toArray(Certificate[]::new));
        try (OutputStream out = Files.newOutputStream(keystore)) {
            ks.store(out, "bench".toCharArray());
        }
        SealProperties props = new SealProperties(keystore, "bench", null, "hub", SealProperties.RsaSignature.PSS, false);
        return new Sealer(new HubKeys(props, new DevPki(props), new CertificateExpiry(Clock.systemUTC())),
                Clock.systemUTC());
    }

    interface Op {
        void run() throws Exception;
    }

    /** Operations per second on this thread, after a warm-up of a third of the time. */
    private static double rate(double seconds, Op op) throws Exception {
        long warmEnd = System.nanoTime() + (long) (seconds / 3 * 1e9);
        while (System.nanoTime() < warmEnd) {
            op.run();
        }
        long n = 0;
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            op.run();
            n++;
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    /** XML-like bytes made on the fly, so 1 GiB never exists in memory or on disk. */
    private static final class Generated extends InputStream {
        private final byte[] chunk = "<zeile>Beispieldaten 0123456789 äöü</zeile>\n".repeat(1500)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        private long left;
        private int at;

        Generated(long bytes) {
            left = bytes;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(len, left), chunk.length - at);
            System.arraycopy(chunk, at, b, off, n);
            at = (at + n) % chunk.length;
            left -= n;
            return n;
        }
    }

    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
