package de.xoevhub.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.xoevhub.seal.CertificateAuthority.Issued;
import de.xoevhub.seal.CertificateAuthority.KeyKind;
import de.xoevhub.seal.CertificateAuthority.Usage;
import de.xoevhub.spool.Content;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The skeleton check alone, on handcrafted encodings: what well-formed DER and BER pass, and each way to fail; and
 * as a stream, on a signed file past the spool threshold and on generated bodies far larger than the heap needs.
 */
class BerEncodingTest {

    private static final String SIGNED_DATA_OID = "06092a864886f70d010702";
    private static final String DATA_OID = "06092a864886f70d010701";
    /** ContentInfo, SignedData (version, no digest algorithms), EncapsulatedContentInfo, up to its [0]. */
    private static final String SIGNED_HEAD = "3080" + SIGNED_DATA_OID + "a080 3080 020101 3100 3080" + DATA_OID + "a080";
    private static final String SIGNED_TAIL = "0000 0000 3100 0000 0000 0000";

    @TempDir
    static Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "definite, 3006 0601 2a 0401 00",
            "indefinite with end-of-contents, 3080 0601 2a a080 0400 0000 0000",
            "nested indefinite inside definite, 300a 3080 0402 4142 0000 0500",
            "long-form length, 3081 03 0201 01",
            "high tag number, 3004 bf81 0100"})
    void wellFormedEncodingsPass(String name, String hex) {
        assertThatCode(() -> BerEncoding.check(bytes(hex))).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "child longer than parent, 3003 0405 0000 00, truncated",
            "indefinite never ended, 3080 0400, truncated",
            "indefinite ended beyond its definite parent, 3004 3080 0400 0000, truncated",
            "primitive with indefinite length, 3004 0480 0000, primitive element with indefinite length",
            "end-of-contents in a definite element, 3002 0000, end-of-contents outside",
            "five length octets, 3085 0000 0000 01, length of 5 octets",
            "bytes after the end, 3000 00, 1 bytes follow",
            "not starting with a SEQUENCE, 0400, first byte 0x04",
            "empty, '', empty"})
    void malformedEncodingsAreRefused(String name, String hex, String detail) {
        assertThatThrownBy(() -> BerEncoding.check(bytes(hex))).isInstanceOf(UnsealingException.class)
                .hasMessageContaining(detail)
                .satisfies(e -> assertThat(((UnsealingException) e).reason()).isEqualTo(UnsealingException.Reason.MALFORMED));
    }

    @Test
    void nestingIsBoundedEvenWhenEveryLevelIsDefinite() {
        int levels = BerEncoding.MAX_DEPTH + 1;
        byte[] deep = new byte[levels * 2];
        for (int i = 0; i < levels; i++) {
            deep[2 * i] = 0x30;
            deep[2 * i + 1] = (byte) (2 * (levels - i - 1));
        }
        assertThatThrownBy(() -> BerEncoding.check(deep)).hasMessageContaining("nesting deeper than " + BerEncoding.MAX_DEPTH);
        assertThatCode(() -> BerEncoding.check(Arrays.copyOfRange(deep, 2, deep.length)))
                .doesNotThrowAnyException();
    }

    @Test
    void aSignedFilePastTheSpoolThresholdIsWalkedAsAStream() throws Exception {
        byte[] data = new byte[3 << 20];
        new Random(4).nextBytes(data);
        Path in = Files.write(dir.resolve("large.bin"), data);
        CertificateAuthority ca = CertificateAuthority.create("ber CA", KeyKind.EC_P256, Duration.ofDays(1));
        Issued signer = ca.issue("ber signer", KeyKind.EC_P256, Usage.SIGNING, Duration.ofDays(1));
        PemFiles.write(dir.resolve("signer.crt"), signer.certificate());
        PemFiles.write(dir.resolve("signer.key"), signer.keys().getPrivate());
        for (String mode : new String[] {"-nosmimecap", "-stream"}) { // DER with one content string; BER in 4 KiB chunks
            Path signed = Openssl.sign(in, dir.resolve("large" + mode + ".p7m"), dir.resolve("signer.crt"),
                    dir.resolve("signer.key"), "sha256", mode);
            assertThat(Files.size(signed)).isGreaterThan(3 << 20);

            assertThatCode(() -> BerEncoding.check(Content.of(signed))).as(mode).doesNotThrowAnyException();

            Path truncated = dir.resolve("truncated" + mode + ".p7m");
            try (var source = Files.newByteChannel(signed); var target = Files.newByteChannel(truncated,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.allocate((int) Files.size(signed) - 1000);
                source.read(buffer);
                target.write(buffer.flip());
            }
            assertThatThrownBy(() -> BerEncoding.check(Content.of(truncated))).hasMessageContaining("truncated");
            Path trailing = Files.copy(signed, dir.resolve("trailing" + mode + ".p7m"));
            Files.write(trailing, new byte[] {0, 1}, java.nio.file.StandardOpenOption.APPEND);
            assertThatThrownBy(() -> BerEncoding.check(Content.of(trailing))).hasMessageContaining("2 bytes follow");
        }
    }

    @Test
    void contentChunksOfASignedDataAreNotCountedAsElementsButShortOnesAre() {
        long chunks = BerEncoding.MAX_ELEMENTS + 10_000; // 130 MiB of 512-byte chunks, generated, not held
        byte[] chunk = chunk(BerEncoding.SEGMENT);
        assertThatCode(() -> check(bytes(SIGNED_HEAD + "2480"), new Repeated(chunk, chunks), bytes("0000" + SIGNED_TAIL)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> check(bytes(SIGNED_HEAD + "2480"), new Repeated(chunk, chunks),
                bytes("0000" + SIGNED_TAIL.substring(0, SIGNED_TAIL.length() - 4)))).hasMessageContaining("truncated");

        byte[] tiny = chunk(BerEncoding.SEGMENT - 1);
        assertThatThrownBy(() -> check(bytes(SIGNED_HEAD + "2480"), new Repeated(tiny, chunks),
                bytes("0000" + SIGNED_TAIL))).hasMessageContaining("more than " + BerEncoding.MAX_ELEMENTS);
    }

    @Test
    void largeValuesOutsideTheContentStringAreRefusedBeforeBouncyCastleWouldHoldThem() {
        long size = BerEncoding.MAX_STRUCTURE + 1;
        String header = "0484" + String.format("%08x", size);
        byte[] mebibyte = new byte[1 << 20];
        Repeated value = new Repeated(mebibyte, size / mebibyte.length);
        byte[] rest = new byte[(int) (size % mebibyte.length)];
        // as the encapsulated content it streams; as a "certificate" after it, it is refused
        assertThatCode(() -> check(bytes(SIGNED_HEAD + header), value, rest, bytes(SIGNED_TAIL)))
                .doesNotThrowAnyException();
        Repeated again = new Repeated(mebibyte, size / mebibyte.length);
        assertThatThrownBy(() -> check(bytes(SIGNED_HEAD + "0400 0000 0000 a080" + header), again, rest,
                bytes("0000 3100 0000 0000 0000"))).hasMessageContaining("bytes of CMS structure outside the content");
    }

    private static void check(byte[] head, InputStream middle, byte[]... tail) {
        long size = head.length;
        List<InputStream> parts = new ArrayList<>(List.of(new ByteArrayInputStream(head), middle));
        size += ((Repeated) middle).size();
        for (byte[] t : tail) {
            parts.add(new ByteArrayInputStream(t));
            size += t.length;
        }
        BerEncoding.check(new BufferedInputStream(new SequenceInputStream(Collections.enumeration(parts))), size);
    }

    private static byte[] chunk(int length) {
        byte[] chunk = new byte[4 + length];
        chunk[0] = 0x04;
        chunk[1] = (byte) 0x82;
        chunk[2] = (byte) (length >>> 8);
        chunk[3] = (byte) length;
        return chunk;
    }

    /** {@code unit} {@code times} over, generated as it is read. */
    private static final class Repeated extends InputStream {
        private final byte[] unit;
        private final long times;
        private long position;

        Repeated(byte[] unit, long times) {
            this.unit = unit;
            this.times = times;
        }

        long size() {
            return unit.length * times;
        }

        @Override
        public int read() {
            return position < size() ? unit[(int) (position++ % unit.length)] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size()) {
                return -1;
            }
            int at = (int) (position % unit.length);
            int n = Math.min(len, unit.length - at);
            System.arraycopy(unit, at, b, off, n);
            position += n;
            return n;
        }
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }
}
