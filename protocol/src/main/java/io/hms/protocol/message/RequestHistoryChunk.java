package io.hms.protocol.message;

import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;

/** Asks for chunk {@code chunkIndex} (1024 leaves) of an epoch's history at a block (SPEC §2.4). */
public record RequestHistoryChunk(long epochNumber, long blockNumber, long chunkIndex) implements Request {
    public RequestHistoryChunk {
        if (epochNumber < 0 || epochNumber > 0xFFFF_FFFFL || blockNumber < 0 || blockNumber > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("epoch or block number out of u32 range");
        }
    }

    @Override
    public RequestType<?, ?> type() {
        return RequestType.HISTORY_CHUNK;
    }

    public static final Codec<RequestHistoryChunk> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, RequestHistoryChunk r) {
            out.varint(r.epochNumber).varint(r.blockNumber).varint(r.chunkIndex);
        }

        @Override
        public RequestHistoryChunk read(Reader in) throws DecodeException {
            long epoch = in.u32("RequestHistoryChunk.epochNumber");
            long block = in.u32("RequestHistoryChunk.blockNumber");
            return new RequestHistoryChunk(epoch, block, in.varint("RequestHistoryChunk.chunkIndex"));
        }
    };
}
