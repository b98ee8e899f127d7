package io.hms.engine.sync.clustering;

/**
 * How an epoch cluster is cut into ranges that download at once (docs/ARCHITECTURE.md "Ranges in
 * parallel"): each activated epoch cluster keeps at most {@code rangeEpochs} ids, the rest waits as
 * the next range, and up to {@code maxRangesAhead} later ranges start while the first one still
 * downloads, each verified from its anchor (the last id of the range before it).
 *
 * @param rangeEpochs ids per range at most
 * @param maxRangesAhead ranges activated at once besides the first; 0 downloads one cluster at a time
 */
public record ParallelRanges(int rangeEpochs, int maxRangesAhead) {

    /** One cluster downloads at a time, uncut (the behaviour before issue 15). */
    public static final ParallelRanges NONE = new ParallelRanges(Integer.MAX_VALUE, 0);

    public ParallelRanges {
        if (rangeEpochs < 1) {
            throw new IllegalArgumentException("rangeEpochs must be positive: " + rangeEpochs);
        }
        if (maxRangesAhead < 0) {
            throw new IllegalArgumentException("maxRangesAhead must not be negative: " + maxRangesAhead);
        }
    }

    /**
     * Ranges of {@code configured} ids, or, if 0, of {@code maxRequestEpochs / (1 + maxRangesAhead)}
     * (one epoch-id reply's worth split among the ranges that run at once).
     */
    public static ParallelRanges of(int configured, int maxRequestEpochs, int maxRangesAhead) {
        int size = configured > 0 ? configured : Math.max(1, maxRequestEpochs / (1 + maxRangesAhead));
        return new ParallelRanges(size, maxRangesAhead);
    }

    boolean enabled() {
        return maxRangesAhead > 0;
    }
}
