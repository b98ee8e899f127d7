package io.hms.protocol.codec;

/**
 * The one error a decoder raises for malformed input: truncated data, trailing bytes, an over-long
 * or non-minimal length, an unknown tag, an invalid enum value or a value out of range. It is
 * checked on purpose: bytes from a peer are untrusted and every caller must decide what a
 * malformed message means for that peer.
 */
public final class DecodeException extends Exception {
    private final String field;

    public DecodeException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    /** The name of the field whose bytes were malformed, e.g. {@code "MacroHeader.blockNumber"}. */
    public String field() {
        return field;
    }
}
