package de.xoevhub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.xoevhub.routing.RoutingProperties.Destination;
import de.xoevhub.routing.RoutingProperties.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

    private static final Destination WOHNGELD = new Destination("wohngeld", "musterstadt", "queue", RoutingProperties.Seal.off(), null);
    private static final Destination DMS = new Destination("dms", "musterstadt", "queue", RoutingProperties.Seal.off(), null);
    private static final Destination BAU = new Destination("bau", "musterstadt", "queue", RoutingProperties.Seal.off(), null);

    private final RoutingTable table = new RoutingTable(new RoutingProperties(List.of(WOHNGELD, DMS, BAU), List.of(
            new Rule("bau", "musterstadt", "XBau", "2.6", null, "ags:09*", null, List.of("bau", "dms")),
            new Rule("wohngeld", "musterstadt", null, null, "0001", null, "psw:01003110", List.of("wohngeld")))));

    @Test
    void matchesExactAndPrefixFieldsAndFansOut() {
        var match = table.route(new RoutingKey("musterstadt", "XBau", "2.6", "0200", "ags:09000009", "x"));
        assertThat(match).hasValueSatisfying(m -> {
            assertThat(m.rule()).isEqualTo("bau");
            assertThat(m.destinations()).containsExactly(BAU, DMS);
        });
    }

    @Test
    void firstMatchingRuleWins() {
        var match = table.route(new RoutingKey("musterstadt", "XBau", "2.6", "0001", "ags:09000009", "psw:01003110"));
        assertThat(match.orElseThrow().rule()).isEqualTo("bau");
    }

    @Test
    void unsetFieldsMatchAnythingButSetFieldsNeedAValue() {
        assertThat(table.route(new RoutingKey("musterstadt", "XWasser", "1.0.0", "0001", null, "psw:01003110")))
                .hasValueSatisfying(m -> assertThat(m.rule()).isEqualTo("wohngeld"));
        assertThat(table.route(new RoutingKey("musterstadt", "XBau", "2.6", "0200", null, null))).isEmpty();
    }

    @Test
    void bareStarMatchesAnyValueButNotAMissingField() {
        RoutingTable anyLeser = new RoutingTable(new RoutingProperties(List.of(WOHNGELD),
                List.of(new Rule("mit-leser", "musterstadt", null, null, null, "*", null, List.of("wohngeld")))));
        assertThat(anyLeser.route(new RoutingKey("musterstadt", "XBau", "2.6", "0200", "ags:09000009", null)))
                .hasValueSatisfying(m -> assertThat(m.rule()).isEqualTo("mit-leser"));
        assertThat(anyLeser.route(new RoutingKey("musterstadt", "XBau", "2.6", "0200", null, null))).isEmpty();
    }

    @Test
    void otherTenantIsUnroutable() {
        assertThat(table.route(new RoutingKey("nachbarort", "XBau", "2.6", "0200", "ags:09000009", null))).isEmpty();
    }

    @Test
    void unknownDestinationStopsTheStartNamingIt() {
        assertThatThrownBy(() -> new RoutingTable(new RoutingProperties(List.of(WOHNGELD),
                List.of(new Rule("r1", "musterstadt", null, null, null, null, null, List.of("wohngeld", "nirgendwo"))))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("r1").hasMessageContaining("nirgendwo");
    }

    @Test
    void ruleOfOneTenantCannotDeliverToAnothersDestination() {
        assertThatThrownBy(() -> new RoutingTable(new RoutingProperties(List.of(WOHNGELD),
                List.of(new Rule("r1", "nachbarort", null, null, null, null, null, List.of("wohngeld"))))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("tenant");
    }

    @Test
    void ruleNamingADestinationTwiceStopsTheStart() {
        assertThatThrownBy(() -> new RoutingTable(new RoutingProperties(List.of(WOHNGELD, DMS),
                List.of(new Rule("r1", "musterstadt", null, null, null, null, null,
                        List.of("wohngeld", "dms", "wohngeld"))))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rule 'r1' names destination 'wohngeld' twice");
    }

    @Test
    void duplicateDestinationIdStopsTheStart() {
        assertThatThrownBy(() -> new RoutingTable(new RoutingProperties(List.of(WOHNGELD, WOHNGELD), List.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("defined twice");
    }
}
