package io.hms.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.protocol.testing.Gen;
import io.hms.protocol.testing.Seeds;
import io.hms.protocol.testing.WireType;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every decoder against random and damaged input: only a value or a {@link DecodeException} may
 * come out (see {@link DecodeProbe}). Damage is applied to valid encodings so the decoders are
 * exercised deep inside a message, not only at its first byte.
 */
class HostileInputTest {
    private static final int RANDOM_INPUTS = 2_000;
    private static final int VALUES = 12;
    /**
     * Bytes decoded per value and kind of damage: small encodings are cut or flipped at every
     * position, large ones at sampled positions (at least 64), so cost stays linear in the budget.
     */
    private static final int BYTES_BUDGET = 1 << 20;

    static List<WireType<?>> types() {
        return WireType.ALL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void shouldOnlyThrowDecodeExceptionWhenRandomBytesAreDecoded(WireType<?> type) {
        long seed = Seeds.forCase("random-" + type.name(), 0);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < RANDOM_INPUTS; i++) {
            byte[] input = new byte[random.nextInt(i < 64 ? 4 : 200)];
            random.nextBytes(input);
            DecodeProbe.probe(type, input, seed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void shouldOnlyThrowDecodeExceptionWhenTailOfValidEncodingIsRandom(WireType<?> type) {
        for (int v = 0; v < VALUES * 4; v++) {
            long seed = Seeds.forCase("tail-" + type.name(), v);
            byte[] valid = encodeRandom(type, seed);
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < 20; i++) {
                int keep = random.nextInt(valid.length + 1);
                byte[] input = Arrays.copyOf(valid, keep + random.nextInt(40));
                byte[] tail = new byte[input.length - keep];
                random.nextBytes(tail);
                System.arraycopy(tail, 0, input, keep, tail.length);
                DecodeProbe.probe(type, input, seed);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void shouldRejectEveryTruncationWhenValidEncodingIsCut(WireType<?> type) {
        for (int v = 0; v < VALUES; v++) {
            long seed = Seeds.forCase("truncate-" + type.name(), v);
            byte[] valid = encodeRandom(type, seed);
            SplittableRandom random = new SplittableRandom(seed);
            int positions = positions(valid.length, valid.length);
            for (int p = 0; p < positions; p++) {
                int cut = positions == valid.length ? p : random.nextInt(valid.length);
                var decoded = DecodeProbe.probe(type, Arrays.copyOf(valid, cut), seed);
                if (type.selfDelimiting()) {
                    assertThat(decoded)
                            .as(
                                    "%s accepted a %d-byte prefix of %d bytes, %s",
                                    type, cut, valid.length, Seeds.describe(seed))
                            .isEmpty();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void shouldOnlyThrowDecodeExceptionWhenSingleBitIsFlipped(WireType<?> type) {
        for (int v = 0; v < VALUES; v++) {
            long seed = Seeds.forCase("bitflip-" + type.name(), v);
            byte[] valid = encodeRandom(type, seed);
            SplittableRandom random = new SplittableRandom(seed);
            int bits = valid.length * 8;
            int positions = positions(bits, valid.length);
            for (int p = 0; p < positions; p++) {
                int bit = positions == bits ? p : random.nextInt(bits);
                byte[] input = valid.clone();
                input[bit / 8] ^= (byte) (1 << (bit % 8));
                DecodeProbe.probe(type, input, seed);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void shouldRejectTrailingBytesWhenAppendedToValidEncoding(WireType<?> type) {
        if (!type.selfDelimiting()) {
            return; // the envelope body runs to the end of the frame: covered in MalformedInputTest
        }
        for (int v = 0; v < VALUES; v++) {
            long seed = Seeds.forCase("trailing-" + type.name(), v);
            byte[] valid = encodeRandom(type, seed);
            byte[] input = Arrays.copyOf(valid, valid.length + 1 + v % 3);
            assertThat(DecodeProbe.probe(type, input, seed))
                    .as("%s with trailing bytes, %s", type, Seeds.describe(seed))
                    .isEmpty();
        }
    }

    /** How many of {@code candidates} damage positions to try on an encoding of {@code length} bytes. */
    private static int positions(int candidates, int length) {
        return Math.min(candidates, Math.max(64, BYTES_BUDGET / Math.max(1, length)));
    }

    private static <T> byte[] encodeRandom(WireType<T> type, long seed) {
        return type.codec().encode(type.generate(new Gen(seed)));
    }
}
