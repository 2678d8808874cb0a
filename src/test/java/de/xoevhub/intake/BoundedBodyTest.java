package de.xoevhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.xoevhub.spool.Content;
import de.xoevhub.spool.Spool;
import de.xoevhub.spool.SpoolProperties;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

class BoundedBodyTest {

    @TempDir
    static Path spoolDir;

    private final Spool spool = spool(2_000_000);
    private final BoundedBody bodies = new BoundedBody(new IntakeProperties(DataSize.ofBytes(1_000_000),
            DataSize.ofBytes(1_500_000)), spool);

    private static Spool spool(long threshold) {
        try {
            return new Spool(new SpoolProperties(spoolDir, DataSize.ofBytes(threshold)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void spoolsABodyPastTheThresholdToAFileThatClosingDeletes() throws Exception {
        BoundedBody spooling = new BoundedBody(new IntakeProperties(DataSize.ofMegabytes(10),
                DataSize.ofBytes(150_000)), spool(100_000));
        byte[] data = new byte[3_000_000];
        new java.util.Random(7).nextBytes(data);
        try (BoundedBody.Body body = spooling.read(new ByteArrayInputStream(data), -1)) {
            assertThat(body.spooled()).isTrue();
            assertThat(body.size()).isEqualTo(data.length);
            assertThat(body.sha256()).isEqualTo(Content.of(data).sha256());
            try (InputStream in = body.open()) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
            assertThat(spooling.inFlight()).as("a spooled body holds no memory of the budget").isZero();
            assertThat(spool.count()).isEqualTo(1);
        }
        assertThat(spool.count()).as("closing deletes the spool file").isZero();
        try (BoundedBody.Body small = spooling.read(new ByteArrayInputStream(new byte[50_000]), 50_000)) {
            assertThat(small.spooled()).isFalse();
            assertThat(spooling.inFlight()).isEqualTo(50_000);
        }
    }

    @Test
    void aRefusedSpooledBodyLeavesNoFile() {
        BoundedBody spooling = new BoundedBody(new IntakeProperties(DataSize.ofBytes(500_000),
                DataSize.ofMegabytes(1)), spool(100_000));
        assertThatThrownBy(() -> spooling.read(endless(new long[1]), -1))
                .isInstanceOfSatisfying(SubmissionProblem.class,
                        p -> assertThat(p.status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE));
        assertThat(spool.count()).isZero();
    }

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

    @Test
    void refusesADeclaredBodyThatCannotFitTheBudgetBeforeReadingIt() throws Exception {
        try (BoundedBody.Body held = bodies.read(new ByteArrayInputStream(new byte[900_000]), 900_000)) {
            long[] served = {0};
            assertThatThrownBy(() -> bodies.read(endless(served), 700_000))
                    .isInstanceOfSatisfying(SubmissionProblem.class,
                            p -> assertThat(p.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
            assertThat(served[0]).as("bytes read of the refused body").isZero();
            // a body that fits is still taken
            try (BoundedBody.Body fits = bodies.read(new ByteArrayInputStream(new byte[500_000]), 500_000)) {
                assertThat(fits.bytes()).hasSize(500_000);
            }
        }
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
