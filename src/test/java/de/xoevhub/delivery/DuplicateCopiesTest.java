package de.xoevhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.JMSException;
import jakarta.jms.TransactionRolledBackException;
import org.apache.activemq.artemis.api.core.ActiveMQDuplicateIdException;
import org.apache.activemq.artemis.api.core.ActiveMQTransactionRolledBackException;
import org.junit.jupiter.api.Test;

class DuplicateCopiesTest {

    @Test
    void onlyTheBrokersDuplicateRefusalCounts() {
        JMSException duplicate = new JMSException("Duplicate message detected");
        duplicate.initCause(new ActiveMQDuplicateIdException("Duplicate message detected"));
        assertThat(DuplicateCopies.refusedAsDuplicate(duplicate)).isTrue();

        TransactionRolledBackException rolledBack = new TransactionRolledBackException("rolled back");
        rolledBack.initCause(new ActiveMQTransactionRolledBackException("failover"));
        assertThat(DuplicateCopies.refusedAsDuplicate(rolledBack)).as("a rollback for another reason").isFalse();
        assertThat(DuplicateCopies.refusedAsDuplicate(new JMSException("Duplicate message detected")))
                .as("the words alone").isFalse();
    }
}
