package io.hms.engine.serving;

import io.hms.engine.store.ChainView;
import io.hms.engine.store.StoreException;
import io.hms.engine.store.UncheckedStoreException;
import io.hms.protocol.Policy;
import io.hms.protocol.message.BatchSet;
import io.hms.protocol.message.BatchSetError;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.message.BatchSetResponse;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.proof.SizeProof;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers RequestBatchSet (SPEC §2.3): the batch sets of the requested block's epoch up to that
 * block, each with a size proof, plus the block itself when it is an election block.
 *
 * <p>Differences from the original, all hardening: the genesis hash (and anything at or below
 * {@code G}) is {@link BatchSetError#TARGET_HASH_NOT_FOUND} — the original crashes on it
 * (CVE-2026-46543, §7.2 item 13) and a legitimate client never asks for it; a block off our main
 * chain is not found either (item 15); a missing block or an unprovable size, which the original
 * aborts on, is {@link BatchSetError#OTHER}. The walk down the epoch stops at {@code G} instead of
 * asking for the macro block before genesis.
 */
public final class BatchSetHandler {
  private static final Logger LOG = LoggerFactory.getLogger(BatchSetHandler.class);

  private final ServingSettings settings;

  public BatchSetHandler(ServingSettings settings) {
    this.settings = settings;
  }

  public BatchSetResponse handle(RequestBatchSet request, ChainView view) {
    Policy policy = view.spec().policy();
    try {
      Optional<MacroBlock> found = view.blockByHash(request.hash());
      if (found.isEmpty()) {
        return BatchSetError.TARGET_HASH_NOT_FOUND;
      }
      MacroBlock block = found.get();
      long number = block.blockNumber();
      if (number <= policy.genesisBlockNumber() || !view.isOnMainChain(request.hash())) {
        return BatchSetError.TARGET_HASH_NOT_FOUND;
      }
      if (!policy.isMacroBlockAt(number)) {
        return BatchSetError.MICRO_BLOCK_GIVEN;
      }
      long epoch = policy.epochAt(number);
      List<BatchSet> sets = new ArrayList<>();
      for (MacroBlock b : boundaries(block, view, policy)) {
        OptionalLong leaves = view.historyLengthAt(b.blockNumber());
        if (leaves.isEmpty()) {
          LOG.warn("no history length for stored block {} of epoch {}", b.blockNumber(), epoch);
          return BatchSetError.OTHER;
        }
        SizeProof proof = view.proveSize(epoch, leaves.getAsLong());
        sets.add(new BatchSet(b, proof));
      }
      Optional<MacroBlock> election = policy.isElectionBlockAt(number) ? Optional.of(block) : Optional.empty();
      return new BatchSetInfo(election, sets);
    } catch (StoreException e) {
      LOG.debug("batch set {} cannot be served: {}", request.hash().shortHex(), e.getMessage());
      return BatchSetError.OTHER;
    } catch (UncheckedStoreException e) {
      LOG.warn("store failure serving batch set {}: {}", request.hash().shortHex(), e.getMessage());
      return BatchSetError.OTHER;
    }
  }

  /**
   * Step 2: the main-chain batch-set boundaries of the block's epoch at or below it, plus the block
   * itself, ascending; at most {@link ServingSettings#maxBatchSets()} (the latest ones).
   */
  private List<MacroBlock> boundaries(MacroBlock block, ChainView view, Policy policy) {
    long epoch = policy.epochAt(block.blockNumber());
    List<MacroBlock> kept = new ArrayList<>();
    kept.add(block);
    OptionalLong height = policy.macroBlockBefore(block.blockNumber());
    while (height.isPresent() && kept.size() < settings.maxBatchSets()) {
      long h = height.getAsLong();
      if (h <= policy.genesisBlockNumber() || policy.epochAt(h) != epoch) {
        break;
      }
      Optional<MacroBlock> b = view.mainChainBlockAt(h);
      if (b.isPresent() && view.isBatchSetBoundary(b.get().hash())) {
        kept.add(b.get());
      }
      height = policy.macroBlockBefore(h);
    }
    Collections.reverse(kept);
    return kept;
  }
}
