package io.hms.protocol.message;

import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.Hash;

/** Asks for the batch sets of the epoch that ends at (or the checkpoint) {@code hash} (SPEC §2.3). */
public record RequestBatchSet(Hash hash) implements Request {
    @Override
    public RequestType<?, ?> type() {
        return RequestType.BATCH_SET;
    }

    public static final Codec<RequestBatchSet> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, RequestBatchSet r) {
            out.raw(r.hash.unsafeBytes());
        }

        @Override
        public RequestBatchSet read(Reader in) throws DecodeException {
            return new RequestBatchSet(Hash.read(in, "RequestBatchSet.hash"));
        }
    };
}
