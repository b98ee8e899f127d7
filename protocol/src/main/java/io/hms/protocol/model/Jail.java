package io.hms.protocol.model;

/** A validator jailed for an equivocation at {@code offenseBlock}. */
public record Jail(PublicKey validator, long offenseBlock) implements HistoricData {
    public Jail {
        if (offenseBlock < 0 || offenseBlock > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("offense block out of range: " + offenseBlock);
        }
    }
}
