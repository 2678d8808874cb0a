-- Which hub instance claimed a file (TakenFiles): an instance reads a file only while the claim is still its own, and
-- releases only its own claims, so that a claim another instance took over (it had expired) stays with that one.
ALTER TABLE sftp_intake_file ADD COLUMN claimed_by VARCHAR(200);
