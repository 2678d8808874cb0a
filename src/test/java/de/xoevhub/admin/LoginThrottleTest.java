package de.xoevhub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The login throttle locks a username and address after N failures within the window, and unlocks after it. */
class LoginThrottleTest {

    private Instant now = Instant.parse("2026-12-01T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void locksAfterMaxFailuresWithinTheWindowOnly() {
        var throttle = new LoginThrottle(clock, new AdminProperties(null, List.of(),
                new AdminProperties.Login(3, Duration.ofMinutes(10)), null));
        String key = LoginThrottle.key(" Admin ", "10.0.0.1");
        assertThat(key).isEqualTo(LoginThrottle.key("admin", "10.0.0.1"));
        assertThat(throttle.failed(key)).isFalse();
        now = now.plus(Duration.ofMinutes(9));
        assertThat(throttle.failed(key)).isFalse();
        assertThat(throttle.failed(key)).isTrue();
        assertThat(throttle.locked(key)).isTrue();
        assertThat(throttle.locked(LoginThrottle.key("admin", "10.0.0.2"))).as("another address").isFalse();

        now = now.plus(Duration.ofMinutes(2));
        assertThat(throttle.locked(key)).as("the first failure left the window").isFalse();
        throttle.failed(key);
        assertThat(throttle.locked(key)).isTrue();
        throttle.succeeded(key);
        assertThat(throttle.locked(key)).isFalse();
    }
}
