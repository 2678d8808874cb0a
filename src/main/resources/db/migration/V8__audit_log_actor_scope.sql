-- The tenant scope of the account behind an attempt on a message outside that scope (AuditLog.recordOutOfScope),
-- written as ",tenant-a,tenant-b,". Such an entry names the other tenant's message as its target, yet shows to the
-- auditors of the actor's tenants and not to those of the target's. Null for every other entry: it shows by the
-- tenant of its target.
ALTER TABLE audit_log ADD COLUMN actor_scope VARCHAR(100000);
