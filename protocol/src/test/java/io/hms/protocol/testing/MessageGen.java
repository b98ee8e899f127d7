package io.hms.protocol.testing;

import io.hms.protocol.Limits;
import io.hms.protocol.message.BatchSet;
import io.hms.protocol.message.BatchSetError;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.message.BatchSetResponse;
import io.hms.protocol.message.Checkpoint;
import io.hms.protocol.message.Envelope;
import io.hms.protocol.message.Handshake;
import io.hms.protocol.message.HistoryChunk;
import io.hms.protocol.message.HistoryChunkError;
import io.hms.protocol.message.HistoryChunkResponse;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.MacroChainError;
import io.hms.protocol.message.MacroChainResponse;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.message.Response;
import io.hms.protocol.message.Services;
import io.hms.protocol.message.TransportError;
import io.hms.protocol.model.ByteString;
import io.hms.protocol.model.MacroBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The message half of {@link Gen}, kept apart so neither file grows past a screenful of concerns. */
final class MessageGen {
    private final Gen g;

    MessageGen(Gen g) {
        this.g = g;
    }

    Checkpoint checkpoint() {
        return new Checkpoint(g.u32(), g.hash());
    }

    RequestMacroChain requestMacroChain() {
        int maxEpochs = g.oneIn(2) ? Limits.MAX_EPOCHS : g.u16();
        return new RequestMacroChain(g.listOf(g.length(2, Limits.MAX_LOCATORS, 16), g::hash), maxEpochs);
    }

    MacroChain macroChain() {
        return new MacroChain(g.listOf(g.length(8, Limits.MAX_EPOCHS, 30), g::hash), g.optional(this::checkpoint));
    }

    MacroChainError macroChainError() {
        return g.pick(MacroChainError.values());
    }

    MacroChainResponse macroChainResponse() {
        return g.oneIn(4) ? macroChainError() : macroChain();
    }

    RequestBatchSet requestBatchSet() {
        return new RequestBatchSet(g.hash());
    }

    BatchSet batchSet() {
        return new BatchSet(g.macroBlock(), g.sizeProof());
    }

    /**
     * Zero to four batch sets with ascending block numbers, and an election block in about half of
     * the cases (then equal to the last batch set's block, as a server sends it).
     */
    BatchSetInfo batchSetInfo() {
        int n = g.length(3, 4, 0);
        long number = g.nextLong(1L << 31);
        List<BatchSet> sets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            number += 1 + g.nextLong(1 << 16);
            boolean last = i == n - 1;
            sets.add(new BatchSet(g.macroBlock(number, last && g.bool()), g.sizeProof()));
        }
        Optional<MacroBlock> election = Optional.empty();
        if (n > 0 && sets.get(n - 1).macroBlock().hasNextValidators()) {
            election = Optional.of(sets.get(n - 1).macroBlock());
        } else if (g.oneIn(8)) {
            election = Optional.of(g.macroBlock(g.u32(), true));
        }
        return new BatchSetInfo(election, sets);
    }

    BatchSetError batchSetError() {
        return g.pick(BatchSetError.values());
    }

    BatchSetResponse batchSetResponse() {
        return g.oneIn(4) ? batchSetError() : batchSetInfo();
    }

    RequestHistoryChunk requestHistoryChunk() {
        return new RequestHistoryChunk(g.u32(), g.u32(), g.u64());
    }

    HistoryChunk historyChunk() {
        return new HistoryChunk(g.historyTreeChunk());
    }

    HistoryChunkError historyChunkError() {
        return g.pick(HistoryChunkError.values());
    }

    HistoryChunkResponse historyChunkResponse() {
        return g.oneIn(4) ? historyChunkError() : historyChunk();
    }

    Request request() {
        return switch (g.nextInt(3)) {
            case 0 -> requestMacroChain();
            case 1 -> requestBatchSet();
            default -> requestHistoryChunk();
        };
    }

    Response response() {
        return switch (g.nextInt(3)) {
            case 0 -> macroChainResponse();
            case 1 -> batchSetResponse();
            default -> historyChunkResponse();
        };
    }

    Handshake handshake() {
        long services = g.pick(0L, Services.HISTORY, Services.FULL_BLOCKS, Services.REQUIRED_FOR_HISTORY_SYNC, g.u64());
        int version = g.oneIn(2) ? Handshake.PROTOCOL_VERSION : g.u16();
        return new Handshake(version, g.u8(), g.hash(), services, g.byteString(Limits.MAX_NODE_ID));
    }

    TransportError transportError() {
        return g.pick(TransportError.values());
    }

    /**
     * Any of the four kinds. Request and response bodies are real encodings of a random request or
     * response with its type id in most cases, and random bytes under a random type id otherwise.
     */
    Envelope envelope() {
        return switch (g.nextInt(4)) {
            case 0 -> new Envelope.Hello(handshake());
            case 1 -> requestEnvelope();
            case 2 -> responseEnvelope();
            default -> new Envelope.ErrorEnvelope(g.u64(), g.u16(), transportError());
        };
    }

    private Envelope requestEnvelope() {
        if (g.oneIn(8)) {
            return new Envelope.RequestEnvelope(g.u64(), g.u16(), g.byteString(64));
        }
        Request request = request();
        return new Envelope.RequestEnvelope(g.u64(), request.type().typeId(), ByteString.wrap(encodeRequest(request)));
    }

    private Envelope responseEnvelope() {
        if (g.oneIn(8)) {
            return new Envelope.ResponseEnvelope(g.u64(), g.u16(), g.byteString(64));
        }
        RequestType<?, ?> type = g.pick(RequestType.ALL);
        byte[] body;
        if (type == RequestType.MACRO_CHAIN) {
            body = MacroChainResponse.CODEC.encode(macroChainResponse());
        } else if (type == RequestType.BATCH_SET) {
            body = BatchSetResponse.CODEC.encode(batchSetResponse());
        } else {
            body = HistoryChunkResponse.CODEC.encode(historyChunkResponse());
        }
        return new Envelope.ResponseEnvelope(g.u64(), type.responseTypeId(), ByteString.wrap(body));
    }

    private static byte[] encodeRequest(Request request) {
        if (request instanceof RequestMacroChain r) {
            return RequestMacroChain.CODEC.encode(r);
        } else if (request instanceof RequestBatchSet r) {
            return RequestBatchSet.CODEC.encode(r);
        }
        return RequestHistoryChunk.CODEC.encode((RequestHistoryChunk) request);
    }
}
