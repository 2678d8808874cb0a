package de.xoevhub.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The development PKI: its key and password files are the owner's alone, and the keystore opens. */
class DevPkiTest {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    @TempDir
    Path dir;

    @Test
    void theFilesWithKeysOrThePasswordAreReadableByTheirOwnerOnly() throws Exception {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "needs POSIX file permissions");
        Path pki = dir.resolve("pki");
        new DevPki(new SealProperties(pki.resolve("hub.p12"), null, pki.resolve("hub.p12.password"), null, null,
                true));

        for (String secret : new String[] {"hub.p12", "hub.p12.password", "demo-recipient.key"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.resolve(secret))))
                    .as(secret).isEqualTo(PosixFilePermissions.toString(OWNER_ONLY));
        }
        assertThat(pki.resolve("hub.p12.tmp")).doesNotExist();
        char[] password = Files.readString(pki.resolve("hub.p12.password")).strip().toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(pki.resolve("hub.p12"))) {
            ks.load(in, password);
        }
        assertThat(ks.isKeyEntry("hub")).isTrue();
        assertThat(ks.isKeyEntry(DevPki.ENCRYPTION_ALIAS)).isTrue();
    }

    @Test
    void aSecretReplacesAReadableFileOfTheSameNameWithAnOwnerOnlyOne() throws Exception {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "needs POSIX file permissions");
        Path file = Files.writeString(dir.resolve("secret"), "old and longer content\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        PemFiles.writeSecret(file, "new\n");

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(OWNER_ONLY);
        assertThat(Files.readString(file)).isEqualTo("new\n");
    }
}
