package io.hms.engine.store;

import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.MacroBlock;

/**
 * A stored macro block with what the store learned when adopting it: the leaf count of its epoch's
 * tree after it (SPEC §2.4 step 2 reads it), whether it is a batch-set boundary (§1.4) and the
 * serialized size of the history recorded since the last boundary (0 for a boundary), which the
 * next followed block continues counting from.
 */
record StoredBlock(MacroBlock block, long historyLength, boolean boundary, long bytesSinceBoundary) {

    StoredBlock(MacroBlock block, long historyLength, boolean boundary) {
        this(block, historyLength, boundary, 0);
    }

    /** The size counter is a trailing field; a record written before it existed reads as 0. */
    static final Codec<StoredBlock> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, StoredBlock s) {
            MacroBlock.CODEC.write(out, s.block);
            out.varint(s.historyLength).bool(s.boundary).varint(s.bytesSinceBoundary);
        }

        @Override
        public StoredBlock read(Reader in) throws DecodeException {
            MacroBlock block = MacroBlock.CODEC.read(in);
            long length = in.varint("StoredBlock.historyLength");
            boolean boundary = in.bool("StoredBlock.boundary");
            long bytes = in.remaining() > 0 ? in.varint("StoredBlock.bytesSinceBoundary") : 0;
            return new StoredBlock(block, length, boundary, bytes);
        }
    };
}
