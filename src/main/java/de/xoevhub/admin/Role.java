package de.xoevhub.admin;

/**
 * What an admin account may do. ADMIN: everything. OPERATOR: replay, discard and route control, but no payload.
 * AUDITOR: read everything the account's tenant scope shows, the audit log included; change nothing.
 */
public enum Role {
    ADMIN, OPERATOR, AUDITOR;

    /** The Spring Security authority of this role. */
    String authority() {
        return "ROLE_" + name();
    }
}
