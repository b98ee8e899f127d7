package io.hms.protocol.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A History Macro Sync request. Each family declares its type id, its response type and the
 * per-peer rate limit in {@link RequestType}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(RequestMacroChain.class),
    @JsonSubTypes.Type(RequestBatchSet.class),
    @JsonSubTypes.Type(RequestHistoryChunk.class)
})
public sealed interface Request permits RequestMacroChain, RequestBatchSet, RequestHistoryChunk {

    /** The family of this request: type id, codecs, rate limit. */
    RequestType<?, ?> type();
}
