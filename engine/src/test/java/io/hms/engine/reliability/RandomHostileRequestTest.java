package io.hms.engine.reliability;

import io.hms.engine.store.ChainView;
import io.hms.protocol.message.Request;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The short CI run of the handler fuzzing: thousands of structured hostile requests from a seeded
 * generator (the same {@link RequestGenerator} Jazzer drives in {@link RequestHandlersFuzzTest}),
 * each held to {@link HandlerChecks}. The seed is in the failure message; {@code
 * -Dhms.reliability.seed=S} replays it.
 */
class RandomHostileRequestTest {
    private static final int REQUESTS_PER_STORE = 4000;

    private static ServingStores stores;

    @BeforeAll
    static void openStores() throws Exception {
        stores = ServingStores.open();
    }

    @AfterAll
    static void closeStores() {
        stores.close();
    }

    @Test
    void shouldAnswerEveryRandomHostileRequestCorrectlyWhenServedFromEitherStore() {
        long seed = Long.getLong("hms.reliability.seed", new SplittableRandom().nextLong());
        SplittableRandom rnd = new SplittableRandom(seed);
        RequestGenerator generator = new RequestGenerator(stores.full());
        for (ChainView store : stores.both()) {
            for (int i = 0; i < REQUESTS_PER_STORE; i++) {
                Request request = generator.next(RequestGenerator.Choices.of(rnd));
                try {
                    HandlerChecks.check(store, request);
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError(
                            "seed " + seed + ", request " + i + " (" + request + "): " + e.getMessage(), e);
                }
            }
        }
    }
}
