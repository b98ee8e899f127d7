package io.hms.engine.serving;

import io.hms.engine.store.ChainView;
import io.hms.protocol.message.BatchSetError;
import io.hms.protocol.message.BatchSetResponse;
import io.hms.protocol.message.HistoryChunkError;
import io.hms.protocol.message.HistoryChunkResponse;
import io.hms.protocol.message.MacroChainError;
import io.hms.protocol.message.MacroChainResponse;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches a request to its handler. The handlers already answer every expected failure with a
 * typed error; this facade is the last line: an unexpected {@link RuntimeException} (a bug, a store
 * in a state nobody foresaw) is logged and answered with the family's catch-all error, so no input
 * can stop a node from serving — in the original one panic disabled a request type until restart
 * (SPEC §2.2 note). Stateless and thread-safe; handlers run concurrently over one view.
 */
public final class RequestHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(RequestHandlers.class);

    private final MacroChainHandler macroChain;
    private final BatchSetHandler batchSet;
    private final HistoryChunkHandler historyChunk;

    public RequestHandlers(ServingSettings settings) {
        this.macroChain = new MacroChainHandler(settings);
        this.batchSet = new BatchSetHandler(settings);
        this.historyChunk = new HistoryChunkHandler();
    }

    public Response handle(Request request, ChainView view) {
        if (request instanceof RequestMacroChain r) {
            return handle(r, view);
        } else if (request instanceof RequestBatchSet r) {
            return handle(r, view);
        } else if (request instanceof RequestHistoryChunk r) {
            return handle(r, view);
        }
        throw new IllegalStateException(
                "unknown request type " + request.getClass().getName());
    }

    public MacroChainResponse handle(RequestMacroChain request, ChainView view) {
        try {
            return macroChain.handle(request, view);
        } catch (RuntimeException e) {
            LOG.error("RequestMacroChain handler failed; answering OTHER", e);
            return MacroChainError.OTHER;
        }
    }

    public BatchSetResponse handle(RequestBatchSet request, ChainView view) {
        try {
            return batchSet.handle(request, view);
        } catch (RuntimeException e) {
            LOG.error(
                    "RequestBatchSet handler failed for {}; answering OTHER",
                    request.hash().shortHex(),
                    e);
            return BatchSetError.OTHER;
        }
    }

    public HistoryChunkResponse handle(RequestHistoryChunk request, ChainView view) {
        try {
            return historyChunk.handle(request, view);
        } catch (RuntimeException e) {
            LOG.error("RequestHistoryChunk handler failed for {}; answering COULDNT_PRODUCE_PROOF", request, e);
            return HistoryChunkError.COULDNT_PRODUCE_PROOF;
        }
    }
}
