package io.hms.engine.reliability;

import io.hms.engine.serving.BatchSetHandler;
import io.hms.engine.serving.HistoryChunkHandler;
import io.hms.engine.serving.MacroChainHandler;
import io.hms.engine.serving.ServingSettings;
import io.hms.engine.store.ChainView;
import io.hms.protocol.Limits;
import io.hms.protocol.Policy;
import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.message.BatchSetError;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.message.BatchSetResponse;
import io.hms.protocol.message.HistoryChunk;
import io.hms.protocol.message.HistoryChunkResponse;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.MacroChainError;
import io.hms.protocol.message.MacroChainResponse;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.message.Response;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroBlock;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What any request, however hostile, may get from a serving node: the handlers themselves (not the
 * catch-all facade, which would hide a bug behind an error code) return a response of the request's
 * family without throwing; the work is bounded; the response fits a frame and survives the codec;
 * and it is right — a served BatchSetInfo or chunk verifies as the client verifies it, epochs are
 * consecutive main-chain election blocks, and a chunk that exists is not refused. Every breach is
 * an {@link AssertionError} (a finding for Jazzer); an exception from a handler propagates as one.
 */
final class HandlerChecks {
    private static final MacroChainHandler MACRO_CHAIN = new MacroChainHandler(ServingSettings.DEFAULTS);
    private static final BatchSetHandler BATCH_SET = new BatchSetHandler(ServingSettings.DEFAULTS);
    private static final HistoryChunkHandler HISTORY_CHUNK = new HistoryChunkHandler();

    private HandlerChecks() {}

    /** Store calls one request may cost: every locator looked up twice, every epoch and batch set read. */
    static long workBound(Policy policy) {
        return 2L * Limits.MAX_LOCATORS + ServingSettings.DEFAULTS.maxEpochs() + 4L * policy.batchesPerEpoch() + 16;
    }

    static Response check(ChainView store, Request request) {
        CountingView view = new CountingView(store);
        Response r;
        if (request instanceof RequestMacroChain q) {
            r = MACRO_CHAIN.handle(q, view);
            checkMacroChain(store, q, (MacroChainResponse) r);
        } else if (request instanceof RequestBatchSet q) {
            r = BATCH_SET.handle(q, view);
            checkBatchSet(store, q, (BatchSetResponse) r);
        } else {
            RequestHistoryChunk q = (RequestHistoryChunk) request;
            r = HISTORY_CHUNK.handle(q, view);
            checkHistoryChunk(store, q, (HistoryChunkResponse) r);
        }
        require(view.calls() <= workBound(store.spec().policy()), view.calls() + " store calls for " + request);
        require(r.equals(Served.HONEST.handle(request, store)), "the facade answers differently for " + request);
        checkWire(request, r);
        return r;
    }

    private static void checkWire(Request request, Response r) {
        @SuppressWarnings("unchecked")
        Codec<Response> codec = (Codec<Response>) request.type().responseCodec();
        byte[] bytes = codec.encode(r);
        require(bytes.length <= Limits.DEFAULT_MAX_FRAME_BYTES, bytes.length + " bytes answer " + request);
        try {
            require(codec.decode(bytes).equals(r), "the response does not survive the codec: " + r);
        } catch (DecodeException e) {
            throw new AssertionError("the response does not decode: " + e.getMessage(), e);
        }
    }

    private static void checkMacroChain(ChainView store, RequestMacroChain q, MacroChainResponse r) {
        Policy p = store.spec().policy();
        boolean anyKnown = q.locators().stream().anyMatch(h -> isMainChainMacroBlock(store, h));
        if (r instanceof MacroChainError e) {
            require(e == MacroChainError.UNKNOWN_LOCATORS && !anyKnown, e + " although a locator is known: " + q);
            return;
        }
        MacroChain chain = (MacroChain) r;
        require(anyKnown, "epochs answered for unknown locators " + q);
        require(
                chain.epochs().size() <= Math.min(q.maxEpochs(), ServingSettings.DEFAULTS.maxEpochs()),
                chain.epochs().size() + " epochs for maxEpochs " + q.maxEpochs());
        long previous = -1;
        for (Hash h : chain.epochs()) {
            MacroBlock b = store.blockByHash(h).orElseThrow(() -> new AssertionError("unknown epoch id " + h));
            require(p.isElectionBlockAt(b.blockNumber()) && store.isOnMainChain(h), "not a main-chain election " + h);
            require(previous < 0 || b.blockNumber() == previous + p.blocksPerEpoch(), "epochs not consecutive at " + h);
            previous = b.blockNumber();
        }
        chain.checkpoint()
                .ifPresent(cp -> require(
                        cp.hash().equals(store.macroHead().hash()) && !p.isElectionBlockAt(cp.blockNumber()),
                        "checkpoint " + cp + " is not our checkpoint head"));
    }

    private static void checkBatchSet(ChainView store, RequestBatchSet q, BatchSetResponse r) {
        if (r instanceof BatchSetInfo info) {
            require(
                    Served.verifiesFromElectionBefore(store.spec(), info, q.hash(), store),
                    "a client refuses the served info for " + q.hash());
            return;
        }
        Optional<MacroBlock> block = store.blockByHash(q.hash());
        boolean servable = block.isPresent()
                && block.get().blockNumber() > store.spec().policy().genesisBlockNumber()
                && store.isOnMainChain(q.hash());
        require(r != BatchSetError.OTHER && !servable, r + " for a servable block " + q.hash());
    }

    private static void checkHistoryChunk(ChainView store, RequestHistoryChunk q, HistoryChunkResponse r) {
        Policy p = store.spec().policy();
        boolean sameEpoch = q.epochNumber() > 0 && p.epochAt(q.blockNumber()) == q.epochNumber();
        OptionalLong size = sameEpoch ? store.historyLengthOfBlock(q.blockNumber()) : OptionalLong.empty();
        boolean exists = size.isPresent()
                && q.chunkIndex() >= 0
                && q.chunkIndex() < (size.getAsLong() + Limits.CHUNK_SIZE - 1) / Limits.CHUNK_SIZE;
        if (!(r instanceof HistoryChunk chunk)) {
            require(!exists, r + " for an existing chunk " + q);
            return;
        }
        require(exists, "a chunk served for " + q);
        MacroBlock provedAgainst = store.mainChainBlockAt(q.blockNumber()).orElseThrow();
        require(
                Served.verifiesAsChunk(store, provedAgainst, q.chunkIndex(), chunk),
                "the served chunk does not verify " + q);
    }

    private static boolean isMainChainMacroBlock(ChainView store, Hash h) {
        Optional<MacroBlock> b = store.blockByHash(h);
        return b.isPresent() && store.spec().policy().isMacroBlockAt(b.get().blockNumber()) && store.isOnMainChain(h);
    }

    private static void require(boolean condition, String breach) {
        if (!condition) {
            throw new AssertionError(breach);
        }
    }
}
