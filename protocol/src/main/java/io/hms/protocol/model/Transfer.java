package io.hms.protocol.model;

import io.hms.protocol.Limits;

/**
 * A basic transaction: {@code value} moved from {@code sender} to {@code recipient} for {@code fee},
 * valid from block {@code validityStartHeight}, signed by the sender's key.
 */
public record Transfer(
        int networkId,
        PublicKey sender,
        PublicKey recipient,
        long value,
        long fee,
        long validityStartHeight,
        ByteString data,
        Signature signature)
        implements HistoricData {
    public Transfer {
        if (networkId < 0 || networkId > 0xFF) {
            throw new IllegalArgumentException("network id out of range: " + networkId);
        }
        if (validityStartHeight < 0 || validityStartHeight > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("validity start out of range: " + validityStartHeight);
        }
        if (data.size() > Limits.MAX_TX_DATA) {
            throw new IllegalArgumentException("data too long: " + data.size());
        }
    }
}
