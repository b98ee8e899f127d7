package io.hms.protocol.message;

import io.hms.protocol.codec.Codec;
import java.util.List;
import java.util.Optional;

/**
 * One request/response family: the request's type id (the response uses {@code typeId + 1}),
 * and both codecs, declared in one place. (What a peer may ask for is limited by cost, not by
 * request counts: see the serving quota in docs/PROTOCOL.md §7.2.)
 */
public final class RequestType<Q extends Request, R extends Response> {
    public static final RequestType<RequestMacroChain, MacroChainResponse> MACRO_CHAIN = new RequestType<>(
            "macro_chain", 200, RequestMacroChain.class, RequestMacroChain.CODEC, MacroChainResponse.CODEC);
    public static final RequestType<RequestBatchSet, BatchSetResponse> BATCH_SET =
            new RequestType<>("batch_set", 202, RequestBatchSet.class, RequestBatchSet.CODEC, BatchSetResponse.CODEC);
    public static final RequestType<RequestHistoryChunk, HistoryChunkResponse> HISTORY_CHUNK = new RequestType<>(
            "history_chunk", 204, RequestHistoryChunk.class, RequestHistoryChunk.CODEC, HistoryChunkResponse.CODEC);

    public static final List<RequestType<?, ?>> ALL = List.of(MACRO_CHAIN, BATCH_SET, HISTORY_CHUNK);

    private final String name;
    private final int typeId;
    private final Class<Q> requestClass;
    private final Codec<Q> requestCodec;
    private final Codec<R> responseCodec;

    private RequestType(String name, int typeId, Class<Q> requestClass, Codec<Q> requestCodec, Codec<R> responseCodec) {
        this.name = name;
        this.typeId = typeId;
        this.requestClass = requestClass;
        this.requestCodec = requestCodec;
        this.responseCodec = responseCodec;
    }

    public static Optional<RequestType<?, ?>> byTypeId(int typeId) {
        for (RequestType<?, ?> t : ALL) {
            if (t.typeId == typeId) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Short name for logs and metric labels. */
    public String name() {
        return name;
    }

    public int typeId() {
        return typeId;
    }

    public int responseTypeId() {
        return typeId + 1;
    }

    public Class<Q> requestClass() {
        return requestClass;
    }

    public Codec<Q> requestCodec() {
        return requestCodec;
    }

    public Codec<R> responseCodec() {
        return responseCodec;
    }

    @Override
    public String toString() {
        return name + "(" + typeId + ")";
    }
}
