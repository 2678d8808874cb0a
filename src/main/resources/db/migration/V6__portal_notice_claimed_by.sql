-- Which dispatcher claimed a notice (PortalNotices): a dispatcher records the outcome of a send only while the
-- claim is still its own, so that a claim taken over by another hub instance is never overwritten.
ALTER TABLE portal_notice ADD COLUMN claimed_by VARCHAR(200);
