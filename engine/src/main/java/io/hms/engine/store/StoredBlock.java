package io.hms.engine.store;

import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.MacroBlock;

/**
 * A stored macro block with what the store learned when adopting it: the leaf count of its epoch's
 * tree after it (SPEC §2.4 step 2 reads it) and whether it is a batch-set boundary (§1.4).
 */
record StoredBlock(MacroBlock block, long historyLength, boolean boundary) {

  static final Codec<StoredBlock> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer out, StoredBlock s) {
          MacroBlock.CODEC.write(out, s.block);
          out.varint(s.historyLength).bool(s.boundary);
        }

        @Override
        public StoredBlock read(Reader in) throws DecodeException {
          MacroBlock block = MacroBlock.CODEC.read(in);
          return new StoredBlock(block, in.varint("StoredBlock.historyLength"), in.bool("StoredBlock.boundary"));
        }
      };
}
