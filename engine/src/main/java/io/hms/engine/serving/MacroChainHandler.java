package io.hms.engine.serving;

import io.hms.engine.store.ChainView;
import io.hms.engine.store.UncheckedStoreException;
import io.hms.protocol.Policy;
import io.hms.protocol.message.Checkpoint;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.MacroChainError;
import io.hms.protocol.message.MacroChainResponse;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers RequestMacroChain (SPEC §2.2) with two fixes. Only locators that are macro blocks on our
 * main chain are accepted: the original accepts any main-chain block and crashes on a micro block
 * (§7.2 item 14). And {@code max_epochs} is capped by {@link ServingSettings#maxEpochs()}.
 *
 * <p>The checkpoint rule is step 4's with "caught up" made precise: the answer reaches our latest
 * election block, i.e. its last epoch is our election head, or it has no epochs and the start block
 * is not before our election head. Whenever {@code max_epochs ≥ 1} this is exactly the original's
 * rule. It differs only for {@code max_epochs = 0}, where the original calls a requester epochs
 * behind "caught up" and sends it a checkpoint of a later epoch, which that requester's sanity check
 * (§4.4) punishes as malicious.
 *
 * <p>Locators are not capped here: the wire decoder already rejects more than {@code
 * Limits.MAX_LOCATORS}, and each costs one key lookup.
 */
public final class MacroChainHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MacroChainHandler.class);

    private final ServingSettings settings;

    public MacroChainHandler(ServingSettings settings) {
        this.settings = settings;
    }

    public MacroChainResponse handle(RequestMacroChain request, ChainView view) {
        try {
            return answer(request, view);
        } catch (UncheckedStoreException e) {
            LOG.warn(
                    "store failure serving a macro chain of {} locators: {}",
                    request.locators().size(),
                    e.getMessage());
            return MacroChainError.OTHER;
        }
    }

    private MacroChainResponse answer(RequestMacroChain request, ChainView view) {
        Policy policy = view.spec().policy();
        Optional<MacroBlock> start = findStart(request.locators(), view, policy);
        if (start.isEmpty()) {
            return MacroChainError.UNKNOWN_LOCATORS;
        }
        long startNumber = start.get().blockNumber();
        List<Hash> epochs =
                electionsAfter(startNumber, Math.min(request.maxEpochs(), settings.maxEpochs()), view, policy);
        MacroBlock macroHead = view.macroHead();
        MacroBlock electionHead = view.electionHead();
        boolean caughtUp = epochs.isEmpty()
                ? startNumber >= electionHead.blockNumber()
                : epochs.get(epochs.size() - 1).equals(electionHead.hash());
        Optional<Checkpoint> checkpoint = Optional.empty();
        if (!policy.isElectionBlockAt(macroHead.blockNumber()) && caughtUp) {
            checkpoint = provableCheckpoint(macroHead, electionHead, view, policy)
                    .filter(c -> c.blockNumber() > startNumber)
                    .map(c -> new Checkpoint(c.blockNumber(), c.hash()));
        }
        return new MacroChain(epochs, checkpoint);
    }

    /**
     * Step 4's checkpoint, which a client must be able to fetch with its justification: the macro
     * head if it carries one, else the latest main-chain macro block of the open epoch that does. A
     * history-synced node holds the checkpoints it adopted through a later block's parent-hash chain
     * without a justification of their own.
     */
    private static Optional<MacroBlock> provableCheckpoint(
            MacroBlock macroHead, MacroBlock electionHead, ChainView view, Policy policy) {
        if (macroHead.justification().isPresent()) {
            return Optional.of(macroHead);
        }
        OptionalLong height = policy.macroBlockBefore(macroHead.blockNumber());
        while (height.isPresent() && height.getAsLong() > electionHead.blockNumber()) {
            Optional<MacroBlock> block = view.mainChainBlockAt(height.getAsLong());
            if (block.isPresent() && block.get().justification().isPresent()) {
                return block;
            }
            height = policy.macroBlockBefore(height.getAsLong());
        }
        return Optional.empty();
    }

    /** Step 1: the first locator that is a macro block on our main chain; unknown ones are skipped. */
    private static Optional<MacroBlock> findStart(List<Hash> locators, ChainView view, Policy policy) {
        for (Hash locator : locators) {
            Optional<MacroBlock> block = view.blockByHash(locator);
            if (block.isPresent() && policy.isMacroBlockAt(block.get().blockNumber()) && view.isOnMainChain(locator)) {
                return block;
            }
        }
        return Optional.empty();
    }

    /** Step 3: up to {@code limit} main-chain election hashes after {@code from}, ascending. */
    private static List<Hash> electionsAfter(long from, int limit, ChainView view, Policy policy) {
        List<Hash> epochs = new ArrayList<>(Math.min(limit, 64));
        long head = view.headBlockNumber();
        long height = from;
        while (epochs.size() < limit) {
            height = policy.electionBlockAfter(height);
            if (height > head || height > Policy.MAX_BLOCK_NUMBER) {
                break;
            }
            Optional<MacroBlock> block = view.mainChainBlockAt(height);
            if (block.isEmpty()) {
                break;
            }
            epochs.add(block.get().hash());
        }
        return epochs;
    }
}
