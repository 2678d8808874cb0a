package de.xoevhub.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The skeleton check alone, on handcrafted encodings: what well-formed DER and BER pass, and each way to fail. */
class BerEncodingTest {

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

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }
}
