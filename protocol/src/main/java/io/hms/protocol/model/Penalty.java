package io.hms.protocol.model;

/** A validator penalized (slot deactivated) for missing a block at {@code offenseBlock}. */
public record Penalty(PublicKey validator, long offenseBlock) implements HistoricData {
    public Penalty {
        if (offenseBlock < 0 || offenseBlock > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("offense block out of range: " + offenseBlock);
        }
    }
}
