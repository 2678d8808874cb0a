package de.xoevhub.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RandomIdsTest {

    @Test
    void idsAreRandomUuidsOfVersionFour() {
        for (int i = 0; i < 1_000; i++) {
            UUID id = UUID.fromString(RandomIds.next());
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
        }
    }

    @Test
    void threadsDrawDifferentIds() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = IntStream.range(0, 8).<Future<?>>mapToObj(t -> pool.submit(() -> {
                for (int i = 0; i < 5_000; i++) {
                    seen.add(RandomIds.next());
                }
            })).toList();
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(seen).hasSize(40_000);
    }
}
