package de.xoevhub.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.xoevhub.admin.AdminProperties.Account;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/** Console accounts from configuration: hashed passwords only, roles and tenants as authorities. */
class ConsoleAccountsTest {

    private static final String HASH = "{bcrypt}$2a$10$r04bG2ASPuUV6fIxLkUky.XI39vFkig9aKz9IebaJhN4w1MY4Y6Gu";

    @Test
    void anAccountHasItsRolesAndTenantsAndItsHashMatchesThePassword() {
        var accounts = accounts(new Account("Erika", HASH, List.of(Role.OPERATOR), List.of("demo")));
        var user = accounts.loadUserByUsername(" erika ");
        assertThat(user.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_OPERATOR", "TENANT_demo");
        assertThat(PasswordEncoderFactories.createDelegatingPasswordEncoder()
                .matches("demo-admin-password", user.getPassword())).isTrue();
        assertThatThrownBy(() -> accounts.loadUserByUsername("nobody")).isInstanceOf(UsernameNotFoundException.class);
    }

    @Test
    void clearTextPasswordsMissingRolesAndDuplicatesStopTheStart() {
        assertThatThrownBy(() -> accounts(new Account("a", "secret", List.of(Role.ADMIN), null)))
                .hasMessageContaining("clear-text passwords are refused");
        assertThatThrownBy(() -> accounts(new Account("a", "{noop}secret", List.of(Role.ADMIN), null)))
                .hasMessageContaining("{bcrypt}");
        assertThatThrownBy(() -> accounts(new Account("a", HASH, List.of(), null))).hasMessageContaining("no role");
        assertThatThrownBy(() -> accounts(new Account("a", HASH, List.of(Role.ADMIN), null),
                new Account("A", HASH, List.of(Role.AUDITOR), null))).hasMessageContaining("twice");
    }

    private static ConsoleAccounts accounts(Account... accounts) {
        return new ConsoleAccounts(new AdminProperties(null, List.of(accounts), null, null));
    }
}
