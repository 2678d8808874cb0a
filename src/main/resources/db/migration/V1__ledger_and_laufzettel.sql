-- The message ledger: one row per submission attempt, accepted or rejected.
CREATE TABLE submission (
    id               VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant           VARCHAR(64)  NOT NULL,
    portal           VARCHAR(64)  NOT NULL,
    -- portal + ':' + nachrichtenUUID, set only for accepted submissions: a resubmission is found by it
    dedupe_key       VARCHAR(300) UNIQUE,
    nachrichten_uuid VARCHAR(1000),
    standard         VARCHAR(1000),
    version          VARCHAR(1000),
    nachrichtentyp   VARCHAR(1000),
    autor            VARCHAR(1000),
    leser            VARCHAR(1000),
    test             BOOLEAN      NOT NULL,
    -- both null when the body was refused before it was read (413, 415)
    sha256           VARCHAR(64),
    size_bytes       BIGINT,
    state            VARCHAR(20)  NOT NULL,
    reason           VARCHAR(2000),
    received_at      BIGINT       NOT NULL,
    updated_at       BIGINT       NOT NULL,
    -- anchor of the Laufzettel: number of events and hash of the last, so a removed tail is detected too
    laufzettel_count INT          DEFAULT 0 NOT NULL,
    laufzettel_head  VARCHAR(64)
);
CREATE INDEX submission_portal ON submission (portal, received_at);
CREATE INDEX submission_state ON submission (state, updated_at);

-- The Laufzettel: append-only events per submission, each hashing its predecessor.
CREATE TABLE laufzettel_event (
    submission_id VARCHAR(36)     NOT NULL,
    seq           INT             NOT NULL,
    at_ms         BIGINT          NOT NULL,
    step          VARCHAR(40)     NOT NULL,
    outcome       VARCHAR(40)     NOT NULL,
    detail        VARCHAR(1000000),
    prev_hash     VARCHAR(64)     NOT NULL,
    hash          VARCHAR(64)     NOT NULL,
    PRIMARY KEY (submission_id, seq)
);
