package io.hms.engine.sync.reorder;

/**
 * Bounds of the reorder window ({@code hms.sync.reorder}).
 *
 * @param windowItems history items the window holds at most for ranges ahead of the one being
 *     applied; an offer that does not fit waits (its range is not acknowledged) until it does
 * @param maxRangesAhead ranges open at once besides the one being applied; a further range is not
 *     started until one ends
 * @param rangeEpochs epoch ids per range at most; 0: {@code max-request-epochs / (1 + maxRangesAhead)}
 */
public record ReorderSettings(long windowItems, int maxRangesAhead, int rangeEpochs) {

    /** The defaults of {@code reference.conf}. */
    public static final ReorderSettings DEFAULTS = new ReorderSettings(65_536, 1, 0);

    /** Ranges of the derived size. */
    public ReorderSettings(long windowItems, int maxRangesAhead) {
        this(windowItems, maxRangesAhead, 0);
    }

    public ReorderSettings {
        if (windowItems < 1) {
            throw new IllegalArgumentException("windowItems must be positive: " + windowItems);
        }
        if (maxRangesAhead < 0) {
            throw new IllegalArgumentException("maxRangesAhead must not be negative: " + maxRangesAhead);
        }
        if (rangeEpochs < 0) {
            throw new IllegalArgumentException("rangeEpochs must not be negative: " + rangeEpochs);
        }
    }
}
