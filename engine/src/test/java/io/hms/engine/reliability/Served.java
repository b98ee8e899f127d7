package io.hms.engine.reliability;

import io.hms.engine.serving.RequestHandlers;
import io.hms.engine.serving.ServingSettings;
import io.hms.engine.store.ChainSpec;
import io.hms.engine.store.ChainView;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.message.Checkpoint;
import io.hms.protocol.message.HistoryChunk;
import io.hms.protocol.message.Response;
import io.hms.protocol.model.ByteString;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroHeader;
import io.hms.verifier.BatchSetVerifyState;
import io.hms.verifier.batchset.BatchSetInfoVerifier;
import io.hms.verifier.mmr.HistoryProofVerifier;
import java.util.Optional;

/** Checks of served answers against the client's own verifiers: what a syncing peer would accept. */
final class Served {
    static final RequestHandlers HONEST = new RequestHandlers(ServingSettings.DEFAULTS);

    private Served() {}

    /** The main-chain election block of {@code epoch}. */
    static MacroBlock election(TestChain c, long epoch) {
        return c.chain()
                .mainChainBlockAt(c.spec().policy().electionBlockOf(epoch))
                .orElseThrow();
    }

    static Checkpoint checkpointOf(MacroBlock block) {
        return new Checkpoint(block.blockNumber(), block.hash());
    }

    /**
     * Whether a client whose election head is the election block before {@code requested}'s epoch
     * accepts the info ({@link BatchSetInfoVerifier}, as the sync runs it).
     */
    static boolean verifiesFromElectionBefore(ChainSpec spec, BatchSetInfo info, Hash requested, ChainView source) {
        MacroBlock block = source.blockByHash(requested).orElseThrow();
        long epoch = spec.policy().epochAt(block.blockNumber());
        MacroBlock electionHead = epoch <= 1
                ? spec.genesis()
                : source.mainChainBlockAt(spec.policy().electionBlockOf(epoch - 1))
                        .orElseThrow();
        BatchSetVerifyState state = BatchSetVerifyState.afterElectionBlock(spec.networkId(), electionHead);
        return new BatchSetInfoVerifier().verify(info, requested, state, spec.policy())
                instanceof BatchSetInfoVerifier.Accepted;
    }

    /** Whether {@code r} is chunk {@code index} of the batch set closed by {@code block}, complete and proved. */
    static boolean verifiesAsChunk(ChainView source, MacroBlock block, long index, Response r) {
        if (!(r instanceof HistoryChunk chunk)) {
            return false;
        }
        long size = source.historyLengthAt(block.blockNumber()).orElseThrow();
        return HistoryProofVerifier.verifyChunk(
                        chunk.chunk().proof(),
                        block.header().historyRoot(),
                        size,
                        index,
                        chunk.chunk().history())
                .isValid();
    }

    /** A block at the micro position right after {@code cp}, shaped like a macro block (hms stores none). */
    static MacroBlock microAfter(MacroBlock cp) {
        MacroHeader h = cp.header();
        return new MacroBlock(
                new MacroHeader(
                        h.network(),
                        h.version(),
                        cp.blockNumber() + 1,
                        h.timestamp() + 1,
                        cp.hash(),
                        h.parentElectionHash(),
                        h.historyRoot(),
                        h.bodyRoot(),
                        ByteString.EMPTY),
                cp.body(),
                Optional.empty());
    }
}
