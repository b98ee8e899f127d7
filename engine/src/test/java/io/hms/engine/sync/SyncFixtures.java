package io.hms.engine.sync;

import io.hms.protocol.model.BatchReward;
import io.hms.protocol.model.ByteString;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroBody;
import io.hms.protocol.model.MacroHeader;
import io.hms.protocol.model.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small values for the sync tests: peers, hashes, blocks and transactions that only need to be distinct. */
public final class SyncFixtures {
    private SyncFixtures() {}

    public static PeerId peer(String name) {
        return new PeerId(name);
    }

    /** A hash whose first eight bytes are {@code n} little-endian and whose byte 31 is {@code tag}. */
    public static Hash hash(long n, int tag) {
        byte[] b = new byte[Hash.LENGTH];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (n >>> (8 * i));
        }
        b[31] = (byte) tag;
        return Hash.wrap(b);
    }

    /** A macro block at {@code number} with the given history root; no justification (tests never verify it). */
    public static MacroBlock block(long number, Hash historyRoot) {
        MacroHeader header = new MacroHeader(
                1, 1, number, 1_000L * number, Hash.ZERO, Hash.ZERO, historyRoot, Hash.ZERO, ByteString.EMPTY);
        return new MacroBlock(header, new MacroBody(Optional.empty()), Optional.empty());
    }

    /** A distinct historic transaction: a batch reward whose value is {@code leaf}. */
    public static HistoricTransaction tx(long blockNumber, long leaf) {
        PublicKey key = PublicKey.of(new byte[32]);
        return new HistoricTransaction(blockNumber, 0, new BatchReward(key, key, leaf));
    }

    /** Transactions for leaves {@code [from, to)}. */
    public static List<HistoricTransaction> txs(long blockNumber, long from, long to) {
        List<HistoricTransaction> out = new ArrayList<>();
        for (long leaf = from; leaf < to; leaf++) {
            out.add(tx(blockNumber, leaf));
        }
        return out;
    }
}
