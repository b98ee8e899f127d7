package io.hms.engine.sync.macrochain;

import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.model.Hash;
import java.util.List;

/**
 * Builds the epoch-id request of SPEC §4.4. The macro head goes first because a server answers from
 * the first locator it knows; the election head follows as the fallback for a server that does not
 * know our checkpoint (it is behind inside the epoch, or pruned it).
 */
public final class LocatorBuilder {
    private final int maxEpochs;

    /** @param maxEpochs the {@code maxEpochs} sent; {@code SyncSettings.maxRequestEpochs()} */
    public LocatorBuilder(int maxEpochs) {
        if (maxEpochs < 1 || maxEpochs > 0xFFFF) {
            throw new IllegalArgumentException("maxEpochs must be in 1..65535: " + maxEpochs);
        }
        this.maxEpochs = maxEpochs;
    }

    /**
     * @param macroHead hash of our latest macro block (checkpoint or election)
     * @param electionHead hash of our latest election block
     * @param electionHeadEpoch epoch number of our latest election block
     */
    public MacroChainRequest build(Hash macroHead, Hash electionHead, long electionHeadEpoch) {
        List<Hash> locators = macroHead.equals(electionHead) ? List.of(electionHead) : List.of(macroHead, electionHead);
        return new MacroChainRequest(new RequestMacroChain(locators, maxEpochs), electionHeadEpoch);
    }
}
