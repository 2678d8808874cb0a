package de.xoevhub.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The fast path's watch for texts the validator would collect whole. */
class LongTextGuardTest {

    @Test
    void passesTextsUpToTheLimit() throws IOException {
        assertThat(read("<r><a>" + "x".repeat(990) + "</a><b>" + "y".repeat(990) + "</b></r>", 1_000)).isTrue();
    }

    @Test
    void stopsAtALongerTextEvenIfItEndsWithinOneRead() throws IOException {
        assertThat(read("<r><a>" + "x".repeat(1_001) + "</a><b/></r>", 1_000)).isFalse();
    }

    @Test
    void endTagsDoNotEndARunButStartTagsDo() throws IOException {
        // the validator keeps collecting across end tags, so they count into the run
        assertThat(read("<r><a>" + "x".repeat(600) + "</a>" + "y".repeat(600) + "<b/></r>", 1_000)).isFalse();
        assertThat(read("<r><a>" + "x".repeat(600) + "</a><b>" + "y".repeat(600) + "</b></r>", 1_000)).isTrue();
    }

    @Test
    void followsCommentsCdataAndInstructions() throws IOException {
        assertThat(read("<r><a><![CDATA[" + "<b>".repeat(400) + "]]></a></r>", 1_000)).isFalse();
        assertThat(read("<r><a>1<!-- <b> -->" + "1<!-- <b> -->".repeat(100) + "</a></r>", 1_000)).isFalse();
        assertThat(read("<r><a><?pi " + "<b>".repeat(400) + "?></a></r>", 1_000)).isFalse();
        assertThat(read("<r><a><![CDATA[x]]></a>" + "<b>x</b>".repeat(400) + "</r>", 1_000)).isTrue();
    }

    @Test
    void stopsWhenLongTextsAddUp() {
        String doc = "<r>" + ("<a>" + "x".repeat(200) + "</a>").repeat(20) + "</r>";
        assertThatThrownBy(() -> new LongTextGuard(new ByteArrayInputStream(bytes(doc)), 1_000, 100, 2_000)
                .readAllBytes()).isInstanceOf(LongTextGuard.Found.class);
    }

    /** Whether the document passes, read in pieces of several sizes (the verdict must not depend on them). */
    private static boolean read(String doc, long longest) throws IOException {
        java.util.Set<Boolean> verdicts = new java.util.HashSet<>();
        for (int piece : new int[] {7, 64, 100_000}) {
            try (InputStream in = new LongTextGuard(new ByteArrayInputStream(bytes(doc)), longest, longest, 1 << 20)) {
                byte[] buffer = new byte[piece];
                while (in.read(buffer, 0, piece) >= 0) {
                    // only the guard looks at the bytes
                }
                verdicts.add(true);
            } catch (LongTextGuard.Found e) {
                verdicts.add(false);
            }
        }
        assertThat(verdicts).hasSize(1);
        return verdicts.iterator().next();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
