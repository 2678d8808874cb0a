package de.xoevhub.intake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IntakeFileNameTest {

    @Test
    void plainNamesPass() {
        assertThat(new IntakeFileName("antrag-1.xml").refusal()).isNull();
        assertThat(new IntakeFileName("Bauantrag Müller.p7m").refusal()).isNull();
        assertThat(new IntakeFileName("a".repeat(200)).refusal()).isNull();
    }

    @Test
    void pathsControlCharactersAndLongNamesAreRefused() {
        assertThat(new IntakeFileName("..").refusal()).contains("path");
        assertThat(new IntakeFileName("x..y.xml").refusal()).contains("path");
        assertThat(new IntakeFileName("a/b.xml").refusal()).contains("path");
        assertThat(new IntakeFileName("..\\b.xml").refusal()).contains("path");
        assertThat(new IntakeFileName("bell\u0007.xml").refusal()).contains("control");
        assertThat(new IntakeFileName("line\n.xml").refusal()).contains("control");
        assertThat(new IntakeFileName("a".repeat(201)).refusal()).contains("201 characters");
        assertThat(new IntakeFileName("").refusal()).isNotNull();
        assertThat(new IntakeFileName("x.xml").check()).isNull();
        assertThat(new IntakeFileName("a/b").check().type()).isEqualTo("file-name-refused");
    }

    @Test
    void charactersXmlDoesNotAllowAreRefusedNamingTheCodePoint() {
        assertThat(new IntakeFileName("\uFFFEx.pdf").refusal()).contains("U+FFFE").contains("XML 1.0");
        assertThat(new IntakeFileName("x\uFFFF.pdf").refusal()).contains("U+FFFF");
        assertThat(new IntakeFileName("half\uD800.pdf").refusal()).contains("U+D800");
        assertThat(new IntakeFileName("\uDC00half.pdf").refusal()).contains("U+DC00");
        assertThat(new IntakeFileName("a\uFFFEb").check().type()).isEqualTo("file-name-refused");
        // the whole of Unicode otherwise: a pair of surrogates is one character, U+FFFD is a character
        assertThat(new IntakeFileName("Plan \uD83D\uDCC4 Grüße \uFFFD.pdf").refusal()).isNull();
    }

    @Test
    void anAttachmentsNameMustAlsoBeAWindowsFileName() {
        for (String c : List.of(":", "*", "?", "\"", "<", ">", "|")) {
            assertThat(new IntakeFileName("a" + c + "b.pdf").attachmentRefusal()).as(c)
                    .contains("'" + c + "'").contains("Windows");
            // an SFTP outbox's file name goes nowhere as a file name: 2026-01-01T10:00:00.xml stays allowed
            assertThat(new IntakeFileName("a" + c + "b.pdf").refusal()).as(c).isNull();
        }
        assertThat(new IntakeFileName("Bauantrag Müller (2).pdf").attachmentRefusal()).isNull();
        assertThat(new IntakeFileName("a/b.pdf").attachmentRefusal()).contains("path");
    }

    @Test
    void theLaufzettelShowsAPrintableName() {
        assertThat(new IntakeFileName("bell\u0007.xml").printable()).isEqualTo("bell?.xml");
        assertThat(new IntakeFileName("a".repeat(250)).printable()).hasSize(201);
        assertThat(new IntakeFileName("x\uFFFE\uD800.xml").printable()).isEqualTo("x??.xml");
    }

    @Test
    void cmsByExtension() {
        assertThat(new IntakeFileName("x.P7M").cms()).isTrue();
        assertThat(new IntakeFileName("x.xml").cms()).isFalse();
    }

    @Test
    void theReasonFileIsNamedAfterTheFileWithinTheServersLimitOf255Bytes() {
        String id = "0b8f6c9e-3c1a-4d2e-9f7a-1b2c3d4e5f60";
        assertThat(new IntakeFileName("bell\u0007.xml").reasonFile(id)).isEqualTo("bell\u0007.xml.reason.txt");
        assertThat(new IntakeFileName("a".repeat(244)).reasonFile(id)).isEqualTo("a".repeat(244) + ".reason.txt");
        String cut = new IntakeFileName("b".repeat(245)).reasonFile(id);
        assertThat(cut).isEqualTo("b".repeat(207) + "~" + id + ".reason.txt");
        assertThat(cut.getBytes(UTF_8)).hasSize(255);
        // bytes count, not characters, and a character is never cut in half
        assertThat(new IntakeFileName("ä".repeat(122)).reasonFile(id)).isEqualTo("ä".repeat(122) + ".reason.txt");
        assertThat(new IntakeFileName("ä".repeat(123)).reasonFile(id))
                .isEqualTo("ä".repeat(103) + "~" + id + ".reason.txt");
    }
}
