package io.hms.protocol.message;

/** A response: the success payload of a family or its error code. */
public sealed interface Response permits MacroChainResponse, BatchSetResponse, HistoryChunkResponse {

  /** True for the error arm of the response. */
  boolean isError();
}
