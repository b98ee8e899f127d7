package io.hms.protocol.message;

/** Error codes of RequestHistoryChunk. {@link #OTHER} stands for any code this version does not know. */
public enum HistoryChunkError implements HistoryChunkResponse {
    COULDNT_PRODUCE_PROOF,
    OTHER;

    public static HistoryChunkError fromCode(long code) {
        return code == 0 ? COULDNT_PRODUCE_PROOF : OTHER;
    }

    @Override
    public boolean isError() {
        return true;
    }
}
