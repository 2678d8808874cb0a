package de.xoevhub.monitoring;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import de.xoevhub.routing.RoutingProperties.Destination;
import de.xoevhub.routing.RoutingProperties.Sftp;
import de.xoevhub.routing.RoutingTable;
import jakarta.annotation.PreDestroy;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Whether each SFTP destination (sftp and dms) can be reached: log in with its account (host key checked against
 * its known_hosts, its key or password) and find its directory. Checked one after the other on a thread of its own
 * every {@code hub.monitoring.sftp-check} with a short time limit, never on a health request or scrape, which read
 * the last result.
 */
@Component
public class SftpTargets {

    private static final Logger LOG = LoggerFactory.getLogger(SftpTargets.class);

    /** The last check of one destination: reachable or not, why not, and when. */
    public record Check(String destination, String target, boolean reachable, String problem, Instant at) {
    }

    private final RoutingTable routing;
    private final Clock clock;
    private final Duration interval;
    private final int timeoutMillis;
    private final Map<String, Check> last = new ConcurrentHashMap<>();
    private ScheduledExecutorService checker;

    public SftpTargets(RoutingTable routing, Clock clock,
                       @Value("${hub.monitoring.sftp-check:60s}") Duration interval,
                       @Value("${hub.monitoring.sftp-timeout:5s}") Duration timeout) {
        this.routing = routing;
        this.clock = clock;
        this.interval = interval;
        this.timeoutMillis = (int) timeout.toMillis();
    }

    /** The SFTP destinations of the routing table. */
    public List<Destination> destinations() {
        return routing.destinations().stream().filter(Destination::isSftp)
                .sorted(java.util.Comparator.comparing(Destination::id)).toList();
    }

    /** The last check of a destination; empty before the first. */
    public Optional<Check> last(String destination) {
        return Optional.ofNullable(last.get(destination));
    }

    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() {
        if (checker == null && !destinations().isEmpty()) {
            checker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sftp-targets");
                t.setDaemon(true);
                return t;
            });
            checker.scheduleWithFixedDelay(this::checkAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    public synchronized void stop() {
        if (checker != null) {
            checker.shutdownNow();
        }
    }

    void checkAll() {
        for (Destination d : destinations()) {
            Check c = check(d);
            Check before = last.put(d.id(), c);
            if (!c.reachable() && (before == null || before.reachable())) {
                LOG.warn("SFTP destination {} is not reachable: {}", d.id(), c.problem());
            }
        }
    }

    Check check(Destination d) {
        Sftp s = d.sftp();
        String target = "sftp://" + s.user() + "@" + s.host() + ":" + s.port() + "/" + s.path().replaceFirst("^/+", "");
        Session session = null;
        try {
            JSch jsch = new JSch();
            jsch.setKnownHosts(s.knownHostsFile().toAbsolutePath().toString());
            if (s.privateKeyFile() != null) {
                jsch.addIdentity(s.privateKeyFile().toAbsolutePath().toString());
            }
            session = jsch.getSession(s.user(), s.host(), s.port());
            if (s.privateKeyFile() == null && s.passwordFile() != null) {
                session.setPassword(Files.readAllLines(s.passwordFile()).get(0).strip());
            }
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setTimeout(timeoutMillis);
            session.connect(timeoutMillis);
            ChannelSftp channel = (ChannelSftp) session.openChannel("sftp");
            channel.connect(timeoutMillis);
            try {
                // relative to the login (chroot) directory, as the uploads are
                if (!channel.stat(s.path().replaceFirst("^/+", "")).isDir()) {
                    return new Check(d.id(), target, false, "the path is not a directory", clock.instant());
                }
            } finally {
                channel.disconnect();
            }
            return new Check(d.id(), target, true, null, clock.instant());
        } catch (Exception e) {
            return new Check(d.id(), target, false, e.getClass().getSimpleName() + ": " + e.getMessage(),
                    clock.instant());
        } finally {
            if (session != null) {
                session.disconnect();
            }
        }
    }
}
