package de.xoevhub.admin;

import de.xoevhub.admin.AdminProperties.Account;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * The console accounts from configuration (hub.admin.users): username, bcrypt hash, roles, tenant scope. Checked
 * at start-up, so a clear-text password, an account without a role or a duplicate name stops the hub.
 */
@Component
class ConsoleAccounts implements UserDetailsService {

    private static final Pattern HASH = Pattern.compile(
            "\\{(bcrypt|argon2@SpringSecurity_v5_8|pbkdf2@SpringSecurity_v5_8)}.+");

    private final Map<String, UserDetails> accounts = new HashMap<>();

    ConsoleAccounts(AdminProperties properties) {
        for (Account a : properties.users()) {
            String name = a.username() == null ? "" : a.username().strip();
            if (name.isEmpty()) {
                throw new IllegalStateException("hub.admin.users: an account has no username");
            }
            if (a.passwordHash() == null || !HASH.matcher(a.passwordHash()).matches()) {
                throw new IllegalStateException("hub.admin.users: account '" + name + "' needs password-hash as "
                        + "{bcrypt}<hash> (docs/operations.md); clear-text passwords are refused");
            }
            if (a.roles().isEmpty()) {
                throw new IllegalStateException("hub.admin.users: account '" + name + "' has no role");
            }
            UserDetails user = User.withUsername(name).password(a.passwordHash())
                    .authorities(AdminUser.authorities(a.roles(), a.tenants()).toArray(String[]::new)).build();
            if (accounts.put(name.toLowerCase(Locale.ROOT), user) != null) {
                throw new IllegalStateException("hub.admin.users: account '" + name + "' is configured twice");
            }
        }
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        UserDetails user = username == null ? null : accounts.get(username.strip().toLowerCase(Locale.ROOT));
        if (user == null) {
            throw new UsernameNotFoundException("no such account");
        }
        // a copy: the authentication manager erases the password of what it gets
        return User.withUserDetails(user).build();
    }
}
