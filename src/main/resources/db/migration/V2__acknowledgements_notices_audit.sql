-- REJECTED_BY_RECIPIENT is longer than the first states. SET DATA TYPE is understood by H2 and PostgreSQL alike.
ALTER TABLE submission ALTER COLUMN state SET DATA TYPE VARCHAR(30);

-- Every acknowledgement a Fachverfahren sent to hub.receipts, whether it applied to a submission or not.
CREATE TABLE acknowledgement (
    id               VARCHAR(36)   NOT NULL PRIMARY KEY,
    received_at      BIGINT        NOT NULL,
    -- APPLIED (state changed), NOTED (recorded on the Laufzettel, state kept), DUPLICATE, UNKNOWN, INVALID
    disposition      VARCHAR(20)   NOT NULL,
    submission_id    VARCHAR(36),
    hub_message_id   VARCHAR(200),
    nachrichten_uuid VARCHAR(200),
    destination      VARCHAR(64),
    outcome          VARCHAR(20),
    aktenzeichen     VARCHAR(200),
    detail           VARCHAR(2000)
);
CREATE INDEX acknowledgement_submission ON acknowledgement (submission_id);
CREATE INDEX submission_nachrichten_uuid ON submission (nachrichten_uuid);

-- The outbox of status notices to portals' callback URLs: written in the transaction of the state change, sent by
-- the portal-notices route until the portal answers 2xx.
CREATE TABLE portal_notice (
    id              VARCHAR(36)   NOT NULL PRIMARY KEY,
    submission_id   VARCHAR(36)   NOT NULL,
    portal          VARCHAR(64)   NOT NULL,
    body            VARCHAR(4000) NOT NULL,
    created_at      BIGINT        NOT NULL,
    attempts        INT           DEFAULT 0 NOT NULL,
    next_attempt_at BIGINT        NOT NULL,
    claimed_until   BIGINT,
    delivered_at    BIGINT,
    last_error      VARCHAR(1000)
);
CREATE INDEX portal_notice_due ON portal_notice (delivered_at, next_attempt_at);

-- Every admin action, with who did it, when, on what and why. Append-only for the application.
CREATE TABLE audit_log (
    id        VARCHAR(36)   NOT NULL PRIMARY KEY,
    at_ms     BIGINT        NOT NULL,
    actor     VARCHAR(200)  NOT NULL,
    action    VARCHAR(40)   NOT NULL,
    target    VARCHAR(300),
    reason    VARCHAR(2000),
    outcome   VARCHAR(40)   NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at_ms);

-- Deliveries handed to a separate transport (SFTP) and not yet confirmed. The submission is DELIVERED once none is
-- left.
CREATE TABLE pending_delivery (
    submission_id VARCHAR(36) NOT NULL,
    destination   VARCHAR(64) NOT NULL,
    PRIMARY KEY (submission_id, destination)
);
