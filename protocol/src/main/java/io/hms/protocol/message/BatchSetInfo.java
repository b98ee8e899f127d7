package io.hms.protocol.message;

import io.hms.protocol.Limits;
import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.MacroBlock;
import java.util.List;
import java.util.Optional;

/**
 * The batch sets of one epoch up to the requested block, ascending, each with a size proof; the
 * election block again when one was requested (SPEC §2.3).
 */
public record BatchSetInfo(Optional<MacroBlock> electionMacroBlock, List<BatchSet> batchSets)
    implements BatchSetResponse {
  public BatchSetInfo {
    batchSets = List.copyOf(batchSets);
  }

  @Override
  public boolean isError() {
    return false;
  }

  /** Leaves of the epoch's history at the last batch set (0 if none). */
  public long totalHistoryLen() {
    return batchSets.isEmpty() ? 0 : batchSets.get(batchSets.size() - 1).historyLen().size();
  }

  /** The election block if present, else the last batch set's block; empty for an empty info. */
  public Optional<MacroBlock> finalMacroBlock() {
    if (electionMacroBlock.isPresent()) {
      return electionMacroBlock;
    }
    return batchSets.isEmpty() ? Optional.empty() : Optional.of(batchSets.get(batchSets.size() - 1).macroBlock());
  }

  public static final Codec<BatchSetInfo> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer out, BatchSetInfo b) {
          out.option(b.electionMacroBlock, MacroBlock.CODEC).list(b.batchSets, BatchSet.CODEC);
        }

        @Override
        public BatchSetInfo read(Reader in) throws DecodeException {
          Optional<MacroBlock> election = in.option("BatchSetInfo.electionMacroBlock", MacroBlock.CODEC);
          List<BatchSet> sets = in.list("BatchSetInfo.batchSets", Limits.MAX_BATCH_SETS, 100, BatchSet.CODEC);
          return new BatchSetInfo(election, sets);
        }
      };
}
