package de.xoevhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

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
    void theLaufzettelShowsAPrintableName() {
        assertThat(new IntakeFileName("bell\u0007.xml").printable()).isEqualTo("bell?.xml");
        assertThat(new IntakeFileName("a".repeat(250)).printable()).hasSize(201);
    }

    @Test
    void cmsByExtension() {
        assertThat(new IntakeFileName("x.P7M").cms()).isTrue();
        assertThat(new IntakeFileName("x.xml").cms()).isFalse();
    }
}
