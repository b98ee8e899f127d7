package io.hms.engine.serving;

import io.hms.engine.store.ChainView;
import io.hms.engine.store.StoreException;
import io.hms.engine.store.UncheckedStoreException;
import io.hms.protocol.Limits;
import io.hms.protocol.Policy;
import io.hms.protocol.message.HistoryChunk;
import io.hms.protocol.message.HistoryChunkError;
import io.hms.protocol.message.HistoryChunkResponse;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.proof.HistoryTreeChunk;
import io.hms.protocol.proof.RangeProof;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers RequestHistoryChunk (SPEC §2.4): leaves {@code [1024·i, min(1024·(i+1), L))} of the
 * epoch's history with a self-contained range proof against the tree of {@code L} leaves, {@code L}
 * being the history length recorded for the requested block.
 *
 * <p>Only a macro block we hold on our main chain at exactly the requested number is answered for.
 * The original proves against the highest stored block at or below it, which on a node that
 * history-synced past some checkpoints is a smaller tree than the requested block's root commits
 * to: an honest server would send a chunk the client must reject, and be banned for it.
 *
 * <p>Hardening over the original (§7.2 item 15): {@code 1024·i} is computed with checked
 * arithmetic on the unsigned index, the block must lie in the requested epoch, and every failure —
 * an index past the end, an unknown block, a pruned epoch, a store that returns fewer leaves than
 * it proved — is {@link HistoryChunkError#COULDNT_PRODUCE_PROOF} instead of a crash or a wrong
 * chunk.
 */
public final class HistoryChunkHandler {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryChunkHandler.class);

    public HistoryChunkResponse handle(RequestHistoryChunk request, ChainView view) {
        Policy policy = view.spec().policy();
        long epoch = request.epochNumber();
        long blockNumber = request.blockNumber();
        if (epoch == 0 || policy.epochAt(blockNumber) != epoch || request.chunkIndex() < 0) {
            // epoch 0 (genesis) has no history; a negative long is an index of 2^63 or more
            return HistoryChunkError.COULDNT_PRODUCE_PROOF;
        }
        try {
            OptionalLong length = view.historyLengthOfBlock(blockNumber);
            if (length.isEmpty()) {
                return HistoryChunkError.COULDNT_PRODUCE_PROOF;
            }
            long leaves = length.getAsLong();
            long start;
            try {
                start = Math.multiplyExact(request.chunkIndex(), (long) Limits.CHUNK_SIZE);
            } catch (ArithmeticException overflow) {
                return HistoryChunkError.COULDNT_PRODUCE_PROOF;
            }
            if (start >= leaves) {
                return HistoryChunkError.COULDNT_PRODUCE_PROOF;
            }
            int count = (int) Math.min(Limits.CHUNK_SIZE, leaves - start);
            RangeProof proof = view.proveRange(epoch, start, count, leaves);
            List<HistoricTransaction> items = view.history(epoch, start, count);
            if (items.size() != count) {
                LOG.warn("epoch {} holds {} of leaves {}+{} it proved", epoch, items.size(), start, count);
                return HistoryChunkError.COULDNT_PRODUCE_PROOF;
            }
            return new HistoryChunk(new HistoryTreeChunk(proof, items));
        } catch (StoreException e) {
            LOG.debug(
                    "chunk {} of epoch {} at block {} cannot be proved: {}",
                    Long.toUnsignedString(request.chunkIndex()),
                    epoch,
                    blockNumber,
                    e.getMessage());
            return HistoryChunkError.COULDNT_PRODUCE_PROOF;
        } catch (UncheckedStoreException e) {
            LOG.warn("store failure serving chunk of epoch {} at block {}: {}", epoch, blockNumber, e.getMessage());
            return HistoryChunkError.COULDNT_PRODUCE_PROOF;
        }
    }
}
