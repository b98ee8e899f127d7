package io.hms.protocol.testing;

import java.util.SplittableRandom;

/**
 * Seeds for property tests: a fresh base seed per JVM (so every run explores new cases) unless
 * {@code -Dhms.seed=<n>} pins it. Failure messages print the seed that reproduces the case.
 */
public final class Seeds {
    private static final long BASE = Long.getLong("hms.seed", new SplittableRandom().nextLong());

    private Seeds() {}

    /** The base seed of this JVM. */
    public static long base() {
        return BASE;
    }

    /** A well-mixed seed for case {@code i} of the property named {@code property}. */
    public static long forCase(String property, int i) {
        long z = BASE + 0x9E37_79B9_7F4A_7C15L * (property.hashCode() * 1_000_003L + i + 1);
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    /** "seed=<case seed> (base seed <base>; rerun with -Dhms.seed=<base>)" for assertion messages. */
    public static String describe(long caseSeed) {
        return "seed=" + caseSeed + " (base seed " + BASE + "; rerun with -Dhms.seed=" + BASE + ")";
    }
}
