package io.hms.engine.history;

import io.hms.engine.store.IndexedTransaction;
import io.hms.protocol.model.MacroBlock;
import java.util.List;
import java.util.Optional;

/**
 * What the store knows of one block number: the macro block if it is one and stored, and the
 * transactions recorded at that number (hms stores no micro blocks, so for a micro block number
 * this is all there is).
 *
 * @param committedBy the main-chain macro block whose history root covers these transactions
 * @param truncated true if more transactions are recorded than the caller's limit returned
 */
public record BlockRecord(
        long blockNumber,
        Kind kind,
        long epoch,
        long batch,
        long committedBy,
        Optional<MacroBlock> macroBlock,
        List<IndexedTransaction> transactions,
        boolean truncated) {

    public enum Kind {
        GENESIS,
        ELECTION,
        CHECKPOINT,
        MICRO
    }
}
