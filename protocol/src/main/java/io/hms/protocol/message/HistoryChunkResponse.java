package io.hms.protocol.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;

/** {@link HistoryChunk} (arm 0) or {@link HistoryChunkError} (arm 1). */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
@JsonSubTypes({@JsonSubTypes.Type(HistoryChunk.class), @JsonSubTypes.Type(HistoryChunkError.class)})
public sealed interface HistoryChunkResponse extends Response permits HistoryChunk, HistoryChunkError {
    Codec<HistoryChunkResponse> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, HistoryChunkResponse r) {
            if (r instanceof HistoryChunk ok) {
                out.varint(0);
                HistoryChunk.CODEC.write(out, ok);
            } else {
                out.varint(1).varint(((HistoryChunkError) r).ordinal());
            }
        }

        @Override
        public HistoryChunkResponse read(Reader in) throws DecodeException {
            long arm = in.varint("HistoryChunkResponse.arm");
            if (arm == 0) {
                return HistoryChunk.CODEC.read(in);
            } else if (arm == 1) {
                return HistoryChunkError.fromCode(in.varint("HistoryChunkError.code"));
            }
            throw new DecodeException("HistoryChunkResponse.arm", "must be 0 or 1, got " + Long.toUnsignedString(arm));
        }
    };
}
