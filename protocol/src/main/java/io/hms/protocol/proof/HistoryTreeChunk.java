package io.hms.protocol.proof;

import io.hms.protocol.Limits;
import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.HistoricTransaction;
import java.util.List;

/** Up to 1024 consecutive historic transactions with a range proof against a history root. */
public record HistoryTreeChunk(RangeProof proof, List<HistoricTransaction> history) {
    public HistoryTreeChunk {
        history = List.copyOf(history);
    }

    public static final Codec<HistoryTreeChunk> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, HistoryTreeChunk c) {
            RangeProof.CODEC.write(out, c.proof);
            out.list(c.history, HistoricTransaction.CODEC);
        }

        @Override
        public HistoryTreeChunk read(Reader in) throws DecodeException {
            RangeProof proof = RangeProof.CODEC.read(in);
            List<HistoricTransaction> history =
                    in.list("HistoryTreeChunk.history", Limits.CHUNK_SIZE, 3, HistoricTransaction.CODEC);
            return new HistoryTreeChunk(proof, history);
        }
    };
}
