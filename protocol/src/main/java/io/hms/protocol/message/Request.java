package io.hms.protocol.message;

/**
 * A History Macro Sync request. Each family declares its type id, its response type and the
 * per-peer rate limit in {@link RequestType}.
 */
public sealed interface Request permits RequestMacroChain, RequestBatchSet, RequestHistoryChunk {

  /** The family of this request: type id, codecs, rate limit. */
  RequestType<?, ?> type();
}
