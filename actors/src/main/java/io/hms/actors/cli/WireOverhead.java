package io.hms.actors.cli;

import io.hms.engine.store.ChainView;
import io.hms.protocol.model.HistoricTransaction;
import java.util.List;

/**
 * Bytes a sync received per byte of history it delivered: bytes received on the wire ÷ the encoded
 * size of every transaction in the synced store. Everything else on the wire — blocks,
 * justifications, proofs, envelopes, handshakes, repeated chunks — is overhead, so 1.0 is the floor.
 */
final class WireOverhead {
    private static final int PAGE = 4096;

    private WireOverhead() {}

    /** Encoded bytes of every transaction of {@code chain}'s epochs 1 up to its macro head's epoch. */
    static long transactionBytes(ChainView chain) {
        long epochs = chain.spec().policy().epochAt(chain.macroHead().blockNumber());
        long total = 0;
        for (long epoch = 1; epoch <= epochs; epoch++) {
            long length = chain.historyLength(epoch);
            for (long from = 0; from < length; from += PAGE) {
                List<HistoricTransaction> page = chain.history(epoch, from, PAGE);
                for (HistoricTransaction tx : page) {
                    total += HistoricTransaction.CODEC.encode(tx).length;
                }
            }
        }
        return total;
    }

    /** {@code received ÷ transactionBytes}, or 0 without transactions. */
    static double ratio(long received, long transactionBytes) {
        return transactionBytes == 0 ? 0 : (double) received / transactionBytes;
    }
}
