package io.hms.engine.store;

/** Fixed-width big-endian helpers for keys. */
final class Bytes {
    private Bytes() {}

    static byte[] be64(long value) {
        byte[] out = new byte[8];
        putBe64(out, 0, value);
        return out;
    }

    static void putBe64(byte[] out, int offset, long value) {
        for (int i = 7; i >= 0; i--) {
            out[offset + 7 - i] = (byte) (value >>> (8 * i));
        }
    }

    static long readBe64(byte[] in, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (in[offset + i] & 0xFF);
        }
        return v;
    }
}
