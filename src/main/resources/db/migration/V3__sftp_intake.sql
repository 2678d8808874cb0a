-- The files the SFTP intake has taken: Camel's idempotent repository of the sftp-intake routes (TakenFiles). The
-- primary key is the SHA-256 of the file key "<portal>/<file name>/<size>/<last modified ms>", so a file is taken
-- once, across restarts and by one of several hub instances sharing this database. A row stays TAKING while its
-- file is being accepted; after a crash an expired claim (claimed_until) may be taken over.
CREATE TABLE sftp_intake_file (
    key_sha256    VARCHAR(64)   NOT NULL PRIMARY KEY,
    file_key      VARCHAR(1000) NOT NULL,
    state         VARCHAR(10)   NOT NULL,
    claimed_until BIGINT        NOT NULL,
    taken_at      BIGINT        NOT NULL
);
