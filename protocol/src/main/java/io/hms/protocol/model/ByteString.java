package io.hms.protocol.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.HexFormat;

/** An immutable variable-length byte string (transaction data, extra data); JSON form is hex. */
public final class ByteString {
    public static final ByteString EMPTY = new ByteString(new byte[0]);
    private final byte[] bytes;

    private ByteString(byte[] bytes) {
        this.bytes = bytes;
    }

    public static ByteString of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new ByteString(bytes.clone());
    }

    /** Takes ownership of {@code bytes}. */
    public static ByteString wrap(byte[] bytes) {
        return new ByteString(bytes);
    }

    @JsonCreator
    public static ByteString fromHex(String hex) {
        return wrap(HexFormat.of().parseHex(hex));
    }

    public int size() {
        return bytes.length;
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    public byte[] unsafeBytes() {
        return bytes;
    }

    @JsonValue
    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteString other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
