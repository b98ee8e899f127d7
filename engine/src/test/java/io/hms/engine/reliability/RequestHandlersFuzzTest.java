package io.hms.engine.reliability;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hms.engine.store.ChainView;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestType;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the serving handlers over a generated store and a genesis-only store
 * ({@link ServingStores}); every input must pass {@link HandlerChecks}: a typed, correct,
 * frame-sized answer with bounded work and no exception. Under surefire the seed inputs in {@code
 * RequestHandlersFuzzTestInputs/} are replayed; {@code JAZZER_FUZZ=1} fuzzes (docs/RELIABILITY.md).
 */
class RequestHandlersFuzzTest {
    private static ServingStores stores;
    private static RequestGenerator generator;

    @BeforeAll
    static void openStores() throws Exception {
        stores = ServingStores.open();
        generator = new RequestGenerator(stores.full());
    }

    @AfterAll
    static void closeStores() {
        stores.close();
    }

    /**
     * Bytes as the transport hands them over: byte 0 picks the request type (mod 3) and the store
     * (bit 2: genesis-only), the rest is the body, decoded with that type's codec.
     */
    @FuzzTest
    void shouldAnswerEveryDecodableRequestCorrectlyWhenTheBodyIsArbitraryBytes(byte[] data) {
        if (data.length == 0) {
            return;
        }
        RequestType<?, ?> type = RequestType.ALL.get((data[0] & 0xFF) % 3);
        ChainView store = (data[0] & 4) == 0 ? stores.full() : stores.empty();
        Request request;
        try {
            request = type.requestCodec().decode(Arrays.copyOfRange(data, 1, data.length));
        } catch (DecodeException e) {
            return;
        }
        HandlerChecks.check(store, request);
    }

    /** Structured requests mixing the store's own hashes and numbers with hostile values. */
    @FuzzTest
    void shouldAnswerEveryRequestCorrectlyWhenFieldsMixKnownAndHostileValues(FuzzedDataProvider data) {
        ChainView store = data.consumeBoolean() ? stores.full() : stores.empty();
        HandlerChecks.check(store, generator.next(choices(data)));
    }

    private static RequestGenerator.Choices choices(FuzzedDataProvider data) {
        return new RequestGenerator.Choices() {
            @Override
            public int pick(int bound) {
                return data.consumeInt(0, bound - 1);
            }

            @Override
            public long anyLong() {
                return data.consumeLong();
            }

            @Override
            public byte[] bytes(int n) {
                return Arrays.copyOf(data.consumeBytes(n), n);
            }
        };
    }
}
