package io.hms.protocol.message;

import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.proof.HistoryTreeChunk;

/** One chunk of history with its range proof. */
public record HistoryChunk(HistoryTreeChunk chunk) implements HistoryChunkResponse {
    @Override
    public boolean isError() {
        return false;
    }

    public static final Codec<HistoryChunk> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, HistoryChunk c) {
            HistoryTreeChunk.CODEC.write(out, c.chunk);
        }

        @Override
        public HistoryChunk read(Reader in) throws DecodeException {
            return new HistoryChunk(HistoryTreeChunk.CODEC.read(in));
        }
    };
}
