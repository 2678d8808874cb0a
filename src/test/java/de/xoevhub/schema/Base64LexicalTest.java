package de.xoevhub.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming check of the xs:base64Binary lexical form, and the stand-in for large values. */
class Base64LexicalTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "AAAA", "QUJD", "QUI=", "QQ==", " QU\nJD\r\n\tRA == ", "Q Q = =", "+/+/",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\nAAAA\n"})
    void acceptsValidValuesWithWhitespaceAndPadding(String value) {
        assertThat(check(value).problem()).isNull();
    }

    @Test
    void acceptsWhatTheJdkEncoderWrites() {
        for (int length = 0; length < 50; length++) {
            byte[] bytes = new byte[length];
            new java.util.Random(length).nextBytes(bytes);
            assertThat(check(Base64.getMimeEncoder().encodeToString(bytes)).problem()).as("%d bytes", length).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"AAA!", "AAAA-", "AA_A", "AAAä"})
    void refusesCharactersOutsideTheAlphabet(String value) {
        assertThat(check(value).problem()).contains("not a Base64 character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"=AAA", "A===", "QQ=A", "AA=A", "QQ==QQ==", "QUI=A"})
    void refusesPaddingAnywhereButAtTheEnd(String value) {
        assertThat(check(value).problem()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"QR==", "QUJ=", "AB=="})
    void refusesPaddingAfterACharacterWithBitsTheDecoderWouldDrop(String value) {
        assertThat(check(value).problem()).contains("bits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "AA", "AAA", "AAAAA", "AAA= ="})
    void refusesAWrongLength(String value) {
        assertThat(check(value).problem()).isNotNull();
    }

    @Test
    void findsAProblemAcrossChunkBoundaries() {
        Base64Lexical check = new Base64Lexical();
        check.feed("AAAA".toCharArray(), 0, 4);
        check.feed("AA".toCharArray(), 0, 2);
        assertThat(check.problem()).contains("multiple of 4");
        check.feed("AA".toCharArray(), 0, 2);
        assertThat(check.problem()).isNull();
        check.feed("!".toCharArray(), 0, 1);
        check.feed("AAA".toCharArray(), 0, 3);
        assertThat(check.problem()).contains("'!'");
    }

    @Test
    void standInIsValidAndEqualExactlyForEqualValues() {
        String standIn = check("QUJD RA==").standIn();
        assertThat(check(standIn).problem()).isNull();
        assertThat(standIn).isEqualTo(check("QUJDRA==").standIn());
        assertThat(standIn).isNotEqualTo(check("QUJDRQ==").standIn()).isNotEqualTo(check("QUJD").standIn());
    }

    private static Base64Lexical check(String value) {
        Base64Lexical check = new Base64Lexical();
        char[] chars = value.toCharArray();
        check.feed(chars, 0, chars.length);
        return check;
    }
}
