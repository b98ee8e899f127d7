package io.hms.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.protocol.Json;
import io.hms.protocol.testing.Gen;
import io.hms.protocol.testing.Seeds;
import io.hms.protocol.testing.WireType;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties every wire type must have: codec and JSON round trips, deterministic canonical bytes. */
class CodecRoundTripTest {
    private static final int CASES = 150;

    static List<WireType<?>> types() {
        return WireType.ALL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void shouldDecodeToEqualValueWhenEncoded(WireType<?> type) throws Exception {
        for (int i = 0; i < CASES; i++) {
            long seed = Seeds.forCase("codec-" + type.name(), i);
            assertCodecRoundTrip(type, seed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void shouldProduceSameBytesWhenEncodedTwiceOrReEncodedAfterDecoding(WireType<?> type) throws Exception {
        for (int i = 0; i < CASES; i++) {
            long seed = Seeds.forCase("determinism-" + type.name(), i);
            assertDeterministic(type, seed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void shouldReadEqualValueWhenWrittenAsJson(WireType<?> type) throws Exception {
        for (int i = 0; i < CASES / 3; i++) {
            long seed = Seeds.forCase("json-" + type.name(), i);
            assertJsonRoundTrip(type, seed);
        }
    }

    private static <T> void assertCodecRoundTrip(WireType<T> type, long seed) throws DecodeException {
        T value = type.generate(new Gen(seed));
        byte[] bytes = type.codec().encode(value);
        assertThat(type.codec().decode(bytes))
                .as("%s %s", type, Seeds.describe(seed))
                .isEqualTo(value);
    }

    private static <T> void assertDeterministic(WireType<T> type, long seed) throws DecodeException {
        T value = type.generate(new Gen(seed));
        T same = type.generate(new Gen(seed));
        byte[] first = type.codec().encode(value);
        assertThat(type.codec().encode(value))
                .as("%s twice, %s", type, Seeds.describe(seed))
                .isEqualTo(first);
        assertThat(type.codec().encode(same))
                .as("%s equal value, %s", type, Seeds.describe(seed))
                .isEqualTo(first);
        T decoded = type.codec().decode(first);
        assertThat(type.codec().encode(decoded))
                .as("%s re-encoded, %s", type, Seeds.describe(seed))
                .isEqualTo(first);
    }

    private static <T> void assertJsonRoundTrip(WireType<T> type, long seed) throws Exception {
        T value = type.generate(new Gen(seed));
        String json = Json.mapper().writeValueAsString(value);
        assertThat(Json.mapper().readValue(json, type.type()))
                .as("%s %s json=%.300s", type, Seeds.describe(seed), json)
                .isEqualTo(value);
    }
}
