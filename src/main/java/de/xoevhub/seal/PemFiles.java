package de.xoevhub.seal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** Certificates and keys in the PEM files that OpenSSL and every other tool read. */
public final class PemFiles {

    private PemFiles() {
    }

    /** Every certificate in a PEM (or DER) file, in file order. */
    public static List<X509Certificate> certificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read certificates from " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every CRL in a PEM (or DER) file, in file order. */
    public static List<X509CRL> crls(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCRLs(in).stream()
                    .map(X509CRL.class::cast).toList();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read CRLs from " + file + ": " + e.getMessage(), e);
        }
    }

    /** An unencrypted PKCS#8 private key. */
    public static PrivateKey privateKey(Path file) {
        try (Reader r = Files.newBufferedReader(file); PEMParser p = new PEMParser(r)) {
            return new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) p.readObject());
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("cannot read a PKCS#8 private key from " + file, e);
        }
    }

    public static void write(Path file, X509Certificate... certificates) throws IOException {
        writePem(file, (Object[]) certificates);
    }

    public static void write(Path file, X509CRL crl) throws IOException {
        writePem(file, crl);
    }

    private static void writePem(Path file, Object... objects) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            for (Object o : objects) {
                w.writeObject(o);
            }
        }
        Files.writeString(file, s.toString(), StandardCharsets.US_ASCII);
    }

    /** Writes an unencrypted PKCS#8 key readable by its owner only (where the file system has POSIX permissions). */
    public static void write(Path file, PrivateKey key) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(new JcaPKCS8Generator(key, null));
        }
        writeSecret(file, s.toString());
    }

    /** Writes a file readable by its owner only (where the file system has POSIX permissions). */
    static void writeSecret(Path file, String content) throws IOException {
        try (OutputStream out = newSecretFile(file)) {
            out.write(content.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /**
     * A new file, replacing any file of that name, created readable and writable by its owner only. The permissions
     * are given at creation, not set afterwards: a file created with the umask and then restricted could be opened
     * by anyone in between, and an open handle keeps reading after the chmod. Where the file system has no POSIX
     * permissions (e.g. Windows), the directory's ACL applies.
     */
    static OutputStream newSecretFile(Path file) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        return Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
