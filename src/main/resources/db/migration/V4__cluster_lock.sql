-- Leases for singleton work when several hub instances share this database (ClusterLock): the SFTP intake poll of
-- each portal and the portal-notice dispatcher. One row per lock; the owner renews its lease while it works, and
-- another instance takes over once the lease has expired (e.g. after kill -9).
CREATE TABLE cluster_lock (
    name        VARCHAR(100) NOT NULL PRIMARY KEY,
    owner       VARCHAR(200) NOT NULL,
    expires_at  BIGINT       NOT NULL
);
