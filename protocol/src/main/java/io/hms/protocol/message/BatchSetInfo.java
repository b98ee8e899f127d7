package io.hms.protocol.message;

import io.hms.protocol.Limits;
import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroHeader;
import java.util.List;
import java.util.Optional;

/**
 * The batch sets of one epoch up to the requested block, ascending, each with a size proof; the
 * election block again when one was requested (SPEC §2.3 as changed by §0 "Scale").
 *
 * <p>Only the final block carries a justification. The other batch-set blocks are authenticated by
 * the {@code parent_hash} chain back from the final block: {@code links} are the headers of the
 * epoch's macro blocks strictly between the first batch set and the final block that are not batch
 * sets themselves, ascending, so that batch-set headers and links together hold every macro block
 * from the first batch set to the final block. A server that lists every macro block as a batch set
 * sends no links; one that lists only the final block sends none either.
 */
public record BatchSetInfo(Optional<MacroBlock> electionMacroBlock, List<BatchSet> batchSets, List<MacroHeader> links)
        implements BatchSetResponse {
    /** Smallest encoding of a macro header: 1+1+1+1 bytes of small numbers, four hashes, empty extra data. */
    public static final int MIN_HEADER_BYTES = 4 + 4 * 32 + 1;
    /** Smallest encoding of a batch set: a header, an empty body, no justification, an empty size proof. */
    public static final int MIN_BATCH_SET_BYTES = MIN_HEADER_BYTES + 1 + 1 + 1;

    public BatchSetInfo {
        batchSets = List.copyOf(batchSets);
        links = List.copyOf(links);
    }

    /** An info without links: every macro block between its first batch set and its final block is listed. */
    public BatchSetInfo(Optional<MacroBlock> electionMacroBlock, List<BatchSet> batchSets) {
        this(electionMacroBlock, batchSets, List.of());
    }

    @Override
    public boolean isError() {
        return false;
    }

    /** Leaves of the epoch's history at the last batch set (0 if none). */
    public long totalHistoryLen() {
        return batchSets.isEmpty()
                ? 0
                : batchSets.get(batchSets.size() - 1).historyLen().size();
    }

    /** The election block if present, else the last batch set's block; empty for an empty info. */
    public Optional<MacroBlock> finalMacroBlock() {
        if (electionMacroBlock.isPresent()) {
            return electionMacroBlock;
        }
        return batchSets.isEmpty()
                ? Optional.empty()
                : Optional.of(batchSets.get(batchSets.size() - 1).macroBlock());
    }

    public static final Codec<BatchSetInfo> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, BatchSetInfo b) {
            out.option(b.electionMacroBlock, MacroBlock.CODEC).list(b.batchSets, BatchSet.CODEC);
            out.list(b.links, MacroHeader.CODEC);
        }

        @Override
        public BatchSetInfo read(Reader in) throws DecodeException {
            Optional<MacroBlock> election = in.option("BatchSetInfo.electionMacroBlock", MacroBlock.CODEC);
            List<BatchSet> sets =
                    in.list("BatchSetInfo.batchSets", Limits.MAX_BATCH_SETS, MIN_BATCH_SET_BYTES, BatchSet.CODEC);
            List<MacroHeader> links =
                    in.list("BatchSetInfo.links", Limits.MAX_BATCH_SETS, MIN_HEADER_BYTES, MacroHeader.CODEC);
            return new BatchSetInfo(election, sets, links);
        }
    };
}
