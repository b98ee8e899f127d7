package io.hms.verifier.mmr;

/** The toy hash of the original's unit tests (SPEC §3.4): leaf(v) = 2v + 1, merge(a, b, p) = 2a + 3b + p, empty = 0. */
final class ToyHasher implements MmrHasher<Long> {
    static final ToyHasher INSTANCE = new ToyHasher();

    static long leaf(long value) {
        return 2 * value + 1;
    }

    @Override
    public Long merge(long prefix, Long left, Long right) {
        return 2 * left + 3 * right + prefix;
    }

    @Override
    public Long empty() {
        return 0L;
    }

    @Override
    public Long[] newArray(int length) {
        return new Long[length];
    }
}
