package io.hms.protocol.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Bounds-checked cursor over untrusted bytes. Every allocation is bounded both by a declared
 * maximum and by the bytes actually remaining, so a forged length cannot allocate memory.
 */
public final class Reader {
    private final byte[] buf;
    private int pos;
    private final int end;

    public Reader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public Reader(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || length > buf.length - offset) {
            throw new IndexOutOfBoundsException("offset/length outside the buffer");
        }
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    public int remaining() {
        return end - pos;
    }

    public int position() {
        return pos;
    }

    public void expectEnd() throws DecodeException {
        if (pos != end) {
            throw new DecodeException("message", (end - pos) + " trailing bytes");
        }
    }

    private void need(int n, String field) throws DecodeException {
        if (n > end - pos) {
            throw new DecodeException(field, "truncated: need " + n + " bytes, have " + (end - pos));
        }
    }

    public int u8(String field) throws DecodeException {
        need(1, field);
        return buf[pos++] & 0xFF;
    }

    /** Unsigned LEB128 of at most 64 bits, minimal form only. */
    public long varint(String field) throws DecodeException {
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            int b = u8(field);
            if (shift == 63 && (b & 0xFE) != 0) {
                throw new DecodeException(field, "varint overflows 64 bits");
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (b == 0 && shift > 0) {
                    throw new DecodeException(field, "non-minimal varint");
                }
                return result;
            }
        }
    }

    /** A varint that must not exceed {@code max} (unsigned comparison). */
    public long varint(String field, long max) throws DecodeException {
        long value = varint(field);
        if (Long.compareUnsigned(value, max) > 0) {
            throw new DecodeException(field, "value " + Long.toUnsignedString(value) + " exceeds " + max);
        }
        return value;
    }

    public int u16(String field) throws DecodeException {
        return (int) varint(field, 0xFFFF);
    }

    public long u32(String field) throws DecodeException {
        return varint(field, 0xFFFF_FFFFL);
    }

    public boolean bool(String field) throws DecodeException {
        int b = u8(field);
        if (b > 1) {
            throw new DecodeException(field, "bool must be 0 or 1, got " + b);
        }
        return b == 1;
    }

    public long be64(String field) throws DecodeException {
        need(8, field);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    public byte[] raw(int n, String field) throws DecodeException {
        need(n, field);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    /** A length-prefixed byte string of at most {@code max} bytes. */
    public byte[] bytes(String field, int max) throws DecodeException {
        int n = length(field, max, 1);
        return raw(n, field);
    }

    /**
     * Reads a sequence length and checks it against {@code max} and against the remaining bytes,
     * given that every item takes at least {@code minItemBytes} bytes.
     */
    public int length(String field, int max, int minItemBytes) throws DecodeException {
        long n = varint(field);
        if (Long.compareUnsigned(n, max) > 0) {
            throw new DecodeException(field, "length " + Long.toUnsignedString(n) + " exceeds maximum " + max);
        }
        if (n * (long) minItemBytes > end - pos) {
            throw new DecodeException(field, "length " + n + " exceeds the remaining " + (end - pos) + " bytes");
        }
        return (int) n;
    }

    public <T> List<T> list(String field, int max, int minItemBytes, Codec<T> codec) throws DecodeException {
        int n = length(field, max, minItemBytes);
        List<T> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(codec.read(this));
        }
        return Collections.unmodifiableList(items);
    }

    public <T> Optional<T> option(String field, Codec<T> codec) throws DecodeException {
        int tag = u8(field);
        return switch (tag) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(codec.read(this));
            default -> throw new DecodeException(field, "option tag must be 0 or 1, got " + tag);
        };
    }
}
