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
import io.hms.protocol.model.MacroHeader;
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
            Listing listing = listing(block, view, policy);
            List<BatchSet> sets = new ArrayList<>();
            for (MacroBlock b : listing.batchSets()) {
                OptionalLong leaves = view.historyLengthAt(b.blockNumber());
                if (leaves.isEmpty()) {
                    LOG.warn("no history length for stored block {} of epoch {}", b.blockNumber(), epoch);
                    return BatchSetError.OTHER;
                }
                SizeProof proof = view.proveSize(epoch, leaves.getAsLong());
                sets.add(new BatchSet(b.blockNumber() == number ? b : b.withoutJustification(), proof));
            }
            Optional<MacroBlock> election = policy.isElectionBlockAt(number) ? Optional.of(block) : Optional.empty();
            return new BatchSetInfo(election, sets, listing.links());
        } catch (StoreException e) {
            LOG.debug("batch set {} cannot be served: {}", request.hash().shortHex(), e.getMessage());
            return BatchSetError.OTHER;
        } catch (UncheckedStoreException e) {
            LOG.warn("store failure serving batch set {}: {}", request.hash().shortHex(), e.getMessage());
            return BatchSetError.OTHER;
        }
    }

    /** The batch-set blocks of an answer, ascending (the requested block last), and the link headers between them. */
    private record Listing(List<MacroBlock> batchSets, List<MacroHeader> links) {}

    /**
     * Step 2, as changed by protocol version 2 (docs/PROTOCOL.md §5.3): walks down from the requested
     * block through consecutive macro positions of its epoch while this node holds the main-chain
     * block or its header there; batch-set boundaries become batch sets, the other blocks and the
     * headers (a node that history-synced keeps the links its chained pushes came with) links. The
     * walk stops at the epoch's start, at the first position we hold nothing for (nothing below a
     * gap could be chained to the requested block), or after
     * {@link ServingSettings#maxBatchSets()} batch sets (sizes are cumulative, so any suffix is a
     * valid answer). Links below the lowest batch set are not sent.
     */
    private Listing listing(MacroBlock block, ChainView view, Policy policy) {
        long epoch = policy.epochAt(block.blockNumber());
        List<MacroBlock> kept = new ArrayList<>();
        List<MacroHeader> between = new ArrayList<>();
        int linksBelowLowest = 0;
        kept.add(block);
        OptionalLong height = policy.macroBlockBefore(block.blockNumber());
        while (height.isPresent() && kept.size() < settings.maxBatchSets()) {
            long h = height.getAsLong();
            if (h <= policy.genesisBlockNumber() || policy.epochAt(h) != epoch) {
                break;
            }
            Optional<MacroBlock> b = view.mainChainBlockAt(h);
            if (b.isEmpty()) {
                // held only as a link of a chained push, or not at all (nothing below could be chained)
                Optional<MacroHeader> link = view.mainChainHeaderAt(h);
                if (link.isEmpty()) {
                    break;
                }
                between.add(link.get());
                linksBelowLowest++;
            } else if (view.isBatchSetBoundary(b.get().hash())) {
                kept.add(b.get());
                linksBelowLowest = 0;
            } else {
                between.add(b.get().header());
                linksBelowLowest++;
            }
            height = policy.macroBlockBefore(h);
        }
        List<MacroHeader> links = new ArrayList<>(between.subList(0, between.size() - linksBelowLowest));
        Collections.reverse(kept);
        Collections.reverse(links);
        return new Listing(kept, links);
    }
}
