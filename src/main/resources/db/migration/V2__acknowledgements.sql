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
