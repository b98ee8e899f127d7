package io.hms.protocol.message;

import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a fuzz input may do to a decoder: produce a value or a {@link DecodeException}. Anything
 * else (an unchecked exception, an error, a value that does not survive re-encoding) is thrown as
 * an {@link AssertionError}, which Jazzer reports as a finding.
 */
final class FuzzChecks {
    private FuzzChecks() {}

    static <T> Optional<T> decode(Codec<T> codec, byte[] data, boolean canonical) {
        T value;
        try {
            value = codec.decode(data);
        } catch (DecodeException e) {
            if (e.field() == null || e.field().isBlank()) {
                throw new AssertionError("decode error without a field: " + e.getMessage());
            }
            return Optional.empty();
        }
        byte[] again = codec.encode(value);
        if (canonical && !Arrays.equals(again, data)) {
            throw new AssertionError("accepted a non-canonical encoding of " + value);
        }
        try {
            if (!codec.decode(again).equals(value)) {
                throw new AssertionError("re-encoding changed the value " + value);
            }
        } catch (DecodeException e) {
            throw new AssertionError("re-encoding of " + value + " does not decode: " + e.getMessage(), e);
        }
        return Optional.of(value);
    }
}
