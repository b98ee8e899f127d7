package io.hms.engine.ban;

import java.time.Duration;
import java.util.Objects;

/**
 * How long bans last and how many the book keeps ({@code hms.network.bans}).
 *
 * @param firstBan length of a first offence's ban
 * @param maxBan each further offence doubles the ban, up to this
 * @param maxEntries identities remembered at most (banned or with offences on record); beyond it
 *     the least recently used expired record is forgotten first, then the least recently used ban
 */
public record BanSettings(Duration firstBan, Duration maxBan, int maxEntries) {
    public static final BanSettings DEFAULTS = new BanSettings(Duration.ofHours(1), Duration.ofDays(7), 4096);

    public BanSettings {
        Objects.requireNonNull(firstBan, "firstBan");
        Objects.requireNonNull(maxBan, "maxBan");
        if (firstBan.isNegative() || firstBan.isZero() || maxBan.compareTo(firstBan) < 0 || maxEntries < 1) {
            throw new IllegalArgumentException("bans need 0 < firstBan <= maxBan and maxEntries >= 1: " + firstBan
                    + ", " + maxBan + ", " + maxEntries);
        }
    }

    /** The length of a ban for the {@code offences}-th offence: {@code min(maxBan, firstBan · 2^(offences-1))}. */
    public Duration lengthFor(int offences) {
        long max = maxBan.toMillis();
        long length = Math.min(firstBan.toMillis(), max);
        for (int i = 1; i < offences && length < max; i++) {
            length = length > max / 2 ? max : length * 2;
        }
        return Duration.ofMillis(length);
    }
}
