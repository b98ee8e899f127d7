package io.hms.verifier.testing;

import io.hms.protocol.model.BatchReward;
import io.hms.protocol.model.ByteString;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.PublicKey;
import io.hms.protocol.model.Signature;
import io.hms.protocol.model.Transfer;
import java.util.Random;

/** Random but reproducible historic transactions for tests and benchmarks. */
public final class TestTransactions {
    /** Encoded size of a transfer with empty data, small block number/time and one-byte amounts. */
    private static final int BASE_TRANSFER_SIZE = 140;

    private TestTransactions() {}

    /** A transfer whose canonical encoding is about {@code encodedSize} bytes (at least ~140). */
    public static HistoricTransaction transfer(Random rnd, long blockNumber, long blockTime, int encodedSize) {
        byte[] data = new byte[Math.max(0, encodedSize - BASE_TRANSFER_SIZE)];
        rnd.nextBytes(data);
        Transfer t = new Transfer(
                1,
                key(rnd),
                key(rnd),
                1 + rnd.nextInt(1_000_000),
                rnd.nextInt(1000),
                blockNumber,
                ByteString.wrap(data),
                signature(rnd));
        return new HistoricTransaction(blockNumber, blockTime, t);
    }

    /** A small transaction (a batch reward, about 75 bytes encoded). */
    public static HistoricTransaction reward(Random rnd, long blockNumber, long blockTime) {
        return new HistoricTransaction(
                blockNumber, blockTime, new BatchReward(key(rnd), key(rnd), rnd.nextInt(1 << 20)));
    }

    public static PublicKey key(Random rnd) {
        byte[] b = new byte[PublicKey.LENGTH];
        rnd.nextBytes(b);
        return PublicKey.of(b);
    }

    public static Signature signature(Random rnd) {
        byte[] b = new byte[Signature.LENGTH];
        rnd.nextBytes(b);
        return Signature.of(b);
    }
}
