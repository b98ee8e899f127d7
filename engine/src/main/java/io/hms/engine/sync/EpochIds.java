package io.hms.engine.sync;

import io.hms.protocol.message.Checkpoint;
import io.hms.protocol.model.Hash;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A peer's validated answer to our RequestMacroChain (SPEC §4.4): the epoch ids it offers after our
 * election head, maybe a checkpoint of the following epoch, and the epoch of the first id.
 *
 * @param locatorFound false when the peer knew none of our locators (it is behind or on a fork)
 * @param ids election-block hashes of epochs {@code firstEpoch, firstEpoch+1, ...}
 * @param checkpoint a checkpoint of epoch {@link #checkpointEpoch()}, only when {@code ids} is empty
 * @param firstEpoch epoch of {@code ids[0]}: our election head's epoch + 1 when the request was built
 * @param sender the peer that answered
 */
public record EpochIds(
        boolean locatorFound, List<Hash> ids, Optional<Checkpoint> checkpoint, long firstEpoch, PeerId sender) {

    public EpochIds {
        ids = List.copyOf(ids);
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(sender, "sender");
        if (firstEpoch < 0) {
            throw new IllegalArgumentException("negative first epoch " + firstEpoch);
        }
    }

    /** The answer to an error reply: the peer found none of our locators. */
    public static EpochIds locatorNotFound(PeerId sender) {
        return new EpochIds(false, List.of(), Optional.empty(), 0, sender);
    }

    /** Epoch the checkpoint belongs to: the one after the last id. */
    public long checkpointEpoch() {
        return firstEpoch + ids.size();
    }

    /** Epoch of the last id ({@code max(checkpointEpoch − 1, 0)}, as in the original). */
    public long lastEpoch() {
        return Math.max(checkpointEpoch() - 1, 0);
    }

    /** A found locator with nothing after it: the peer has nothing for us (reported Good). */
    public boolean offersNothing() {
        return locatorFound && ids.isEmpty() && checkpoint.isEmpty();
    }
}
