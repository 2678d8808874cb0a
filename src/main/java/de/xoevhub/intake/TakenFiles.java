package de.xoevhub.intake;

import de.xoevhub.tracking.RandomIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The files the SFTP intake has taken (table sftp_intake_file), as Camel's idempotent repository of the
 * sftp-intake routes. The key is {@code <portal>/<file name>/<size>/<last modified ms>}; the unique primary key
 * (its SHA-256) makes one hub instance win a file when several poll the same directory, and keeps a file taken
 * across restarts. Camel adds the key before the file is read, confirms it when the file was accepted or refused,
 * and removes it when taking failed (so the next poll tries again); SftpIntakeFiles confirms a refused file's key as
 * soon as the refusal is recorded, so that a failure after it (reason file, move) does not release the file. A claim
 * left unconfirmed by a crash expires after {@link #CLAIM}; the file is then taken again, and the Intake finds a
 * repeated nachrichtenUUID. Claims are this instance's own: it re-asserts one right before reading the file
 * ({@link #reclaim}) and releases only its own.
 */
@Component("takenFiles")
class TakenFiles implements IdempotentRepository {

    static final Duration CLAIM = Duration.ofMinutes(15);

    private final JdbcClient jdbc;
    private final Clock clock;
    /** This instance's mark on the files it claims. */
    private final String owner = RandomIds.next();

    TakenFiles(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The key of a file, as the consumer's {@code idempotentKey} expression makes it (SftpOutbox). */
    static String key(String portal, String name, long size, long lastModified) {
        return portal + "/" + name + "/" + size + "/" + lastModified;
    }

    @Override
    public boolean add(String key) {
        long now = clock.millis();
        try {
            jdbc.sql("INSERT INTO sftp_intake_file (key_sha256, file_key, state, claimed_until, taken_at, claimed_by) "
                            + "VALUES (?, ?, 'TAKING', ?, ?, ?)")
                    .params(hash(key), abbreviate(key), now + CLAIM.toMillis(), now, owner).update();
            return true;
        } catch (DuplicateKeyException taken) {
            // a claim that expired unconfirmed (the instance died) is taken over by exactly one instance; our own
            // claim is one Camel left as it was because the file could not be opened (no read lock, or the server
            // refused it): this poll tries again (a file still in progress here is not offered again by Camel)
            return jdbc.sql("UPDATE sftp_intake_file SET claimed_until = ?, taken_at = ?, claimed_by = ? "
                            + "WHERE key_sha256 = ? AND state = 'TAKING' AND (claimed_until < ? OR claimed_by = ?)")
                    .params(now + CLAIM.toMillis(), now, owner, hash(key), now, owner).update() == 1;
        }
    }

    /**
     * Right before a file is read: whether the claim is still ours, extended by {@link #CLAIM}. Files are claimed
     * when the directory is listed, a whole batch at once; by the time one is read, its claim may have expired and
     * another instance may have taken it over (a poll can outlast the cluster lock's lease), and then that one reads
     * it, not we.
     */
    boolean reclaim(String key) {
        return jdbc.sql("UPDATE sftp_intake_file SET claimed_until = ? "
                        + "WHERE key_sha256 = ? AND state = 'TAKING' AND claimed_by = ?")
                .params(clock.millis() + CLAIM.toMillis(), hash(key), owner).update() == 1;
    }

    @Override
    public boolean contains(String key) {
        return jdbc.sql("SELECT COUNT(*) FROM sftp_intake_file WHERE key_sha256 = ?").param(hash(key))
                .query(Long.class).single() > 0;
    }

    /** Releases our claim; one another instance has taken over stays with that one. */
    @Override
    public boolean remove(String key) {
        return jdbc.sql("DELETE FROM sftp_intake_file WHERE key_sha256 = ? AND state = 'TAKING' AND claimed_by = ?")
                .params(hash(key), owner).update() > 0;
    }

    @Override
    public boolean confirm(String key) {
        return jdbc.sql("UPDATE sftp_intake_file SET state = 'TAKEN' WHERE key_sha256 = ?").param(hash(key))
                .update() > 0;
    }

    /** Not offered: forgetting every taken file would let every file still on a server be taken again. */
    @Override
    public void clear() {
        throw new UnsupportedOperationException("the taken SFTP files are not cleared");
    }

    @Override
    public void start() {
        // the table is made by Flyway
    }

    @Override
    public void stop() {
        // nothing to release
    }

    private static String abbreviate(String key) {
        return key.length() <= 1000 ? key : key.substring(0, 999) + "…";
    }

    private static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
