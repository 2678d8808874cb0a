package de.xoevhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class BoundedBodyTest {

    @Test
    void readsABodyWithinTheLimit() throws Exception {
        assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[100]), 100, 100)).hasSize(100);
        assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[100]), -1, 100)).hasSize(100);
    }

    @Test
    void refusesADeclaredLengthOverTheLimitWithoutReading() {
        InputStream untouchable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("body must not be read");
            }
        };
        assertThatThrownBy(() -> BoundedBody.read(untouchable, 101, 100))
                .isInstanceOfSatisfying(SubmissionProblem.class,
                        p -> assertThat(p.status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE));
    }

    @Test
    void stopsReadingAnUndeclaredBodyJustPastTheLimit() {
        long[] served = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served[0]++;
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                served[0] += len;
                return len;
            }
        };
        assertThatThrownBy(() -> BoundedBody.read(endless, -1, 1_000_000))
                .isInstanceOf(SubmissionProblem.class);
        assertThat(served[0]).isLessThan(1_000_000 + 65_536 + 1);
    }
}
