package de.xoevhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

class BoundedBodyTest {

    private final BoundedBody bodies = new BoundedBody(
            new IntakeProperties(DataSize.ofBytes(1_000_000), DataSize.ofBytes(1_500_000)));

    @Test
    void readsABodyWithinTheLimitAndReturnsItsBytesToTheBudget() throws Exception {
        try (BoundedBody.Body body = bodies.read(new ByteArrayInputStream(new byte[100]), 100)) {
            assertThat(body.bytes()).hasSize(100);
            assertThat(bodies.inFlight()).isEqualTo(100);
        }
        assertThat(bodies.inFlight()).isZero();
        try (BoundedBody.Body body = bodies.read(new ByteArrayInputStream(new byte[100]), -1)) {
            assertThat(body.bytes()).hasSize(100);
        }
    }

    @Test
    void refusesADeclaredLengthOverTheLimitWithoutReading() {
        InputStream untouchable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("body must not be read");
            }
        };
        assertThatThrownBy(() -> bodies.read(untouchable, 1_000_001))
                .isInstanceOfSatisfying(SubmissionProblem.class,
                        p -> assertThat(p.status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE));
    }

    @Test
    void stopsReadingAnUndeclaredBodyAtTheLimit() {
        long[] served = {0};
        assertThatThrownBy(() -> bodies.read(endless(served), -1))
                .isInstanceOfSatisfying(SubmissionProblem.class,
                        p -> assertThat(p.status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE));
        assertThat(served[0]).isLessThanOrEqualTo(1_000_000 + 65_536);
        assertThat(bodies.inFlight()).as("a refused body releases what it held").isZero();
    }

    @Test
    void refusesWith503WhenConcurrentBodiesWouldPassTheBudget() throws Exception {
        try (BoundedBody.Body held = bodies.read(new ByteArrayInputStream(new byte[900_000]), 900_000)) {
            assertThatThrownBy(() -> bodies.read(new ByteArrayInputStream(new byte[900_000]), 900_000))
                    .isInstanceOfSatisfying(SubmissionProblem.class,
                            p -> assertThat(p.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
            assertThat(bodies.inFlight()).isEqualTo(900_000);
        }
        assertThat(bodies.inFlight()).isZero();
    }

    private static InputStream endless(long[] served) {
        return new InputStream() {
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
    }
}
