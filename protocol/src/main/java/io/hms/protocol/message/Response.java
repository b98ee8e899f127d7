package io.hms.protocol.message;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A response: the success payload of a family or its error code. The JSON form wraps the value in
 * an object named after its class, e.g. {@code {"MacroChainError":"UNKNOWN_LOCATORS"}}: a wrapper
 * object (rather than a "kind" property) because the error arms are enums, which have no
 * properties to add one to.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
@JsonSubTypes({
    @JsonSubTypes.Type(MacroChain.class),
    @JsonSubTypes.Type(MacroChainError.class),
    @JsonSubTypes.Type(BatchSetInfo.class),
    @JsonSubTypes.Type(BatchSetError.class),
    @JsonSubTypes.Type(HistoryChunk.class),
    @JsonSubTypes.Type(HistoryChunkError.class)
})
public sealed interface Response permits MacroChainResponse, BatchSetResponse, HistoryChunkResponse {

    /** True for the error arm of the response. Derived, so not part of the JSON form. */
    @JsonIgnore
    boolean isError();
}
