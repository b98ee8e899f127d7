package io.hms.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.hms.protocol.testing.Seeds;
import io.hms.protocol.testing.WireType;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Decodes untrusted bytes and fails the test on anything but a value or a {@link DecodeException}
 * that names a field. An accepted input must also be stable: its value re-encodes to bytes that
 * decode to the same value, and for canonical types to exactly the input.
 */
final class DecodeProbe {
    private DecodeProbe() {}

    static <T> Optional<T> probe(WireType<T> type, byte[] input, long seed) {
        T value;
        try {
            value = type.codec().decode(input);
        } catch (DecodeException e) {
            assertThat(e.field())
                    .as("field of %s, %s", e.getMessage(), Seeds.describe(seed))
                    .isNotBlank();
            return Optional.empty();
        } catch (RuntimeException | Error e) {
            throw new AssertionError(
                    type + " decoder threw " + e + " on " + hex(input) + ", " + Seeds.describe(seed), e);
        }
        byte[] again = type.codec().encode(value);
        try {
            assertThat(type.codec().decode(again))
                    .as("%s re-decoded, %s", type, Seeds.describe(seed))
                    .isEqualTo(value);
        } catch (DecodeException e) {
            fail(type + " accepted " + hex(input) + " but rejects its re-encoding: " + e + ", " + Seeds.describe(seed));
        }
        if (type.canonical()) {
            assertThat(again)
                    .as("%s accepted a non-canonical input, %s", type, Seeds.describe(seed))
                    .isEqualTo(input);
        }
        return Optional.of(value);
    }

    static String hex(byte[] input) {
        String h = HexFormat.of().formatHex(input, 0, Math.min(input.length, 256));
        return input.length > 256 ? h + "...(" + input.length + " bytes)" : h;
    }
}
