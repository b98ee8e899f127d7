package io.hms.protocol.codec;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Append-only buffer for the canonical encoding (LEB128 varints, raw fixed-size byte strings). */
public final class Writer {
    private byte[] buf;
    private int len;

    public Writer() {
        this(64);
    }

    public Writer(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    public Writer u8(int value) {
        ensure(1);
        buf[len++] = (byte) value;
        return this;
    }

    /** Unsigned LEB128; {@code value} is read as an unsigned 64-bit integer. */
    public Writer varint(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buf[len++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf[len++] = (byte) value;
        return this;
    }

    public Writer bool(boolean value) {
        return u8(value ? 1 : 0);
    }

    /** Fixed 8-byte big-endian, used by the history tree's prefixes. */
    public Writer be64(long value) {
        ensure(8);
        for (int i = 7; i >= 0; i--) {
            buf[len++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    /** Raw bytes without a length prefix (hashes, keys, signatures). */
    public Writer raw(byte[] bytes) {
        return raw(bytes, 0, bytes.length);
    }

    public Writer raw(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buf, len, length);
        len += length;
        return this;
    }

    /** A varint length, then the bytes. */
    public Writer bytes(byte[] bytes) {
        varint(bytes.length);
        return raw(bytes);
    }

    public <T> Writer list(List<T> items, Codec<T> codec) {
        varint(items.size());
        for (T item : items) {
            codec.write(this, item);
        }
        return this;
    }

    public <T> Writer option(Optional<T> value, Codec<T> codec) {
        if (value.isPresent()) {
            u8(1);
            codec.write(this, value.get());
        } else {
            u8(0);
        }
        return this;
    }

    public int size() {
        return len;
    }

    public void reset() {
        len = 0;
    }

    /** The backing array; valid up to {@link #size()}. Avoids a copy on hot paths. */
    public byte[] buffer() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
