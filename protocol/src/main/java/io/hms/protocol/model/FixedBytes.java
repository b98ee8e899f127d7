package io.hms.protocol.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.HexFormat;

/** An immutable byte string of a fixed length (hash, key, signature); JSON and text form is hex. */
public abstract class FixedBytes implements Comparable<FixedBytes> {
    private static final HexFormat HEX = HexFormat.of();
    private final byte[] bytes;

    protected FixedBytes(byte[] bytes, int length, boolean copy) {
        if (bytes.length != length) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + " needs " + length + " bytes, got " + bytes.length);
        }
        this.bytes = copy ? bytes.clone() : bytes;
    }

    protected static byte[] parseHex(String hex) {
        return HEX.parseHex(hex);
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** The bytes without a copy; callers must not modify them. */
    public byte[] unsafeBytes() {
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    @JsonValue
    public String toHex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }

    /** First 8 hex digits, for logs. */
    public String shortHex() {
        return HEX.formatHex(bytes, 0, Math.min(4, bytes.length));
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(bytes, ((FixedBytes) o).bytes);
    }

    @Override
    public int hashCode() {
        // hashes are uniformly distributed: their first four bytes are a good hash code
        if (bytes.length >= 4) {
            return (bytes[0] & 0xFF) << 24 | (bytes[1] & 0xFF) << 16 | (bytes[2] & 0xFF) << 8 | (bytes[3] & 0xFF);
        }
        return Arrays.hashCode(bytes);
    }

    /** Unsigned lexicographic order of the bytes. */
    @Override
    public int compareTo(FixedBytes o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }
}
