package io.hms.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

/**
 * The JSON form of every model and message type, for logs, {@code --json} output and debugging
 * (never for the wire). Hashes, keys, signatures and byte strings are lowercase hex strings; absent
 * optionals are {@code null}; sealed record families (historic data, size proofs, requests,
 * envelopes) carry their variant in a {@code "kind"} property; responses are wrapped in an object
 * named after their class, e.g. {@code {"BatchSetError":"MICRO_BLOCK_GIVEN"}}, because their error
 * arms are enums. Every value reads back equal to what was written.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {}

    /** A shared, thread-safe mapper; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
