package io.hms.engine.generator;

import io.hms.engine.store.PushResult;
import io.hms.protocol.model.MacroBlock;
import java.util.Optional;

/**
 * What {@link ChainGenerator#writeTo} pushed: batches and history items stored, and the first push
 * that did not extend the chain, if any (then the batches after it were not pushed).
 */
public record WriteReport(long batches, long transactions, Optional<Failure> failure) {

    /** The block whose push did not answer {@code Extended}, and what it answered. */
    public record Failure(MacroBlock block, PushResult result) {}

    public boolean complete() {
        return failure.isEmpty();
    }
}
