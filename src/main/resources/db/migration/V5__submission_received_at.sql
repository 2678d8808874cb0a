-- The dashboard's counts and sparklines and the message search filter by time of receipt across all portals
-- (WHERE received_at >= ?); submission_portal (portal, received_at) cannot serve that without a portal.
CREATE INDEX submission_received_at ON submission (received_at);
