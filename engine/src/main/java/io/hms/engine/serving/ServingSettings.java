package io.hms.engine.serving;

import io.hms.protocol.Limits;

/**
 * Limits of the serving handlers.
 *
 * @param maxEpochs most election hashes one MacroChain answer carries, whatever the request asks.
 *     hms deviates here from the original, which honours any {@code max_epochs} up to 65 535 (SPEC
 *     §2.2 step 3, §7.2 item 15): a request then costs at most this many block reads. The default
 *     1000 equals what a client asks for ({@code MAX_REQUEST_EPOCHS}), so honest clients never
 *     notice the cap.
 * @param maxBatchSets most batch sets one BatchSetInfo carries; an epoch with more boundaries is
 *     answered with its latest ones (sizes are cumulative, so any suffix is still a valid answer).
 *     Defaults to the decoder's limit, {@link Limits#MAX_BATCH_SETS}.
 */
public record ServingSettings(int maxEpochs, int maxBatchSets) {

    public static final ServingSettings DEFAULTS = new ServingSettings(1000, Limits.MAX_BATCH_SETS);

    public ServingSettings {
        if (maxEpochs < 0 || maxEpochs > 0xFFFF) {
            throw new IllegalArgumentException("maxEpochs must be in 0 .. 65535: " + maxEpochs);
        }
        if (maxBatchSets < 1 || maxBatchSets > Limits.MAX_BATCH_SETS) {
            throw new IllegalArgumentException("maxBatchSets must be in 1 .. " + Limits.MAX_BATCH_SETS);
        }
    }
}
