package io.hms.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.protocol.message.BatchSet;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.message.Checkpoint;
import io.hms.protocol.message.Handshake;
import io.hms.protocol.message.HistoryChunk;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.model.ByteString;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.Justification;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroBody;
import io.hms.protocol.model.MacroHeader;
import io.hms.protocol.model.PublicKey;
import io.hms.protocol.model.Signature;
import io.hms.protocol.model.Transfer;
import io.hms.protocol.model.Validator;
import io.hms.protocol.model.ValidatorSet;
import io.hms.protocol.proof.HistoryTreeChunk;
import io.hms.protocol.proof.Proof;
import io.hms.protocol.proof.RangeProof;
import io.hms.protocol.proof.SizeProof;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The worst-case size of every message an honest node sends at MAINNET geometry with 512
 * validators (docs/PROTOCOL.md §7.1): each is built field by field at its maximum, encoded, and
 * compared with the documented bound, which must stay within a quarter of the frame limit.
 */
class WorstCaseSizeTest {
    private static final Path DOC = Path.of("..", "docs", "PROTOCOL.md");
    private static final Pattern BOUND = Pattern.compile("^bound ([a-z0-9-]+): ([0-9]+)$");
    private static final Policy P = Policy.MAINNET;
    private static final int VALIDATORS = Limits.MAX_VALIDATORS;

    @Test
    void shouldStayWithinAQuarterOfTheFrameWhenEveryFieldIsAtItsMaximum() {
        worstCases()
                .forEach((name, size) -> assertThat(size)
                        .as("%s worst case", name)
                        .isLessThanOrEqualTo(Limits.DEFAULT_MAX_FRAME_BYTES / 4));
    }

    @Test
    void shouldMatchTheDocumentedBoundsWhenTheDocumentIsRead() throws IOException {
        Map<String, Integer> documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
            Matcher m = BOUND.matcher(line.strip());
            if (m.matches()) {
                documented.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        assertThat(documented).isEqualTo(worstCases());
    }

    @Test
    void shouldNotFitInAQuarterFrameWhenTheOriginalsOneJustificationPerBlockIsUsed() {
        // why the protocol changed (version 2): 720 justifications of 512 signers
        List<BatchSet> sets = new ArrayList<>();
        for (int i = 1; i <= P.batchesPerEpoch(); i++) {
            MacroBlock b = new MacroBlock(header(i), MacroBody.CHECKPOINT, Optional.of(fullJustification()));
            sets.add(new BatchSet(b, SizeProof.EmptyTree.INSTANCE));
        }
        int size = RequestType.BATCH_SET.responseCodec().encode(new BatchSetInfo(Optional.empty(), sets)).length;
        assertThat(size).isGreaterThan(Limits.DEFAULT_MAX_FRAME_BYTES);
    }

    /** Name → encoded bytes of the largest instance an honest node sends. */
    static Map<String, Integer> worstCases() {
        Map<String, Integer> out = new LinkedHashMap<>();
        List<Hash> locators = new ArrayList<>();
        for (int i = 0; i < Limits.MAX_LOCATORS; i++) {
            locators.add(hash(i));
        }
        out.put("request-macro-chain", RequestMacroChain.CODEC.encode(new RequestMacroChain(locators, 0xFFFF)).length);
        out.put("request-batch-set", RequestBatchSet.CODEC.encode(new RequestBatchSet(hash(1))).length);
        out.put(
                "request-history-chunk",
                RequestHistoryChunk.CODEC.encode(new RequestHistoryChunk(0xFFFF_FFFFL, 0xFFFF_FFFFL, -1L)).length);
        List<Hash> epochs = new ArrayList<>();
        for (int i = 0; i < MacroChain.MAX_DECODED_EPOCHS; i++) {
            epochs.add(hash(i));
        }
        MacroChain chain = new MacroChain(epochs, Optional.of(new Checkpoint(0xFFFF_FFFFL, hash(2))));
        out.put("macro-chain", RequestType.MACRO_CHAIN.responseCodec().encode(chain).length);
        out.put("batch-set-info", RequestType.BATCH_SET.responseCodec().encode(worstBatchSetInfo()).length);
        out.put("history-chunk", RequestType.HISTORY_CHUNK.responseCodec().encode(worstChunk()).length);
        Handshake hello = new Handshake(
                Handshake.PROTOCOL_VERSION, 0xFF, hash(3), -1L, ByteString.wrap(filled(Limits.MAX_NODE_ID, 9)));
        out.put("handshake", Handshake.CODEC.encode(hello).length);
        return out;
    }

    /**
     * An election block's info listing all 720 macro blocks of the epoch as batch sets (no links),
     * every size proof a single-element proof carrying the largest transaction, the election block
     * with 512 single-slot validators and all 512 signatures, sent twice as the protocol requires.
     */
    private static BatchSetInfo worstBatchSetInfo() {
        List<BatchSet> sets = new ArrayList<>();
        SizeProof single = new SizeProof.SingleElement(1, largestTransaction());
        int n = P.batchesPerEpoch();
        for (int i = 1; i < n; i++) {
            sets.add(new BatchSet(new MacroBlock(header(i), MacroBody.CHECKPOINT, Optional.empty()), single));
        }
        List<Validator> validators = new ArrayList<>();
        for (int i = 0; i < VALIDATORS; i++) {
            validators.add(new Validator(PublicKey.of(filled(32, i)), 1));
        }
        MacroBlock election = new MacroBlock(
                header(n), MacroBody.election(new ValidatorSet(validators)), Optional.of(fullJustification()));
        sets.add(new BatchSet(election, single));
        return new BatchSetInfo(Optional.of(election), sets);
    }

    private static HistoryChunk worstChunk() {
        List<HistoricTransaction> items = new ArrayList<>();
        for (int i = 0; i < Limits.CHUNK_SIZE; i++) {
            items.add(largestTransaction());
        }
        List<Hash> nodes = new ArrayList<>();
        for (int i = 0; i < Limits.MAX_PROOF_NODES; i++) {
            nodes.add(hash(i));
        }
        return new HistoryChunk(new HistoryTreeChunk(new RangeProof(new Proof(-1L, nodes), false), items));
    }

    private static HistoricTransaction largestTransaction() {
        Transfer t = new Transfer(
                0xFF,
                PublicKey.of(filled(32, 1)),
                PublicKey.of(filled(32, 2)),
                -1L,
                -1L,
                0xFFFF_FFFFL,
                ByteString.wrap(filled(Limits.MAX_TX_DATA, 3)),
                Signature.of(filled(64, 4)));
        return new HistoricTransaction(0xFFFF_FFFFL, -1L, t);
    }

    private static Justification fullJustification() {
        List<Integer> signers = new ArrayList<>();
        List<Signature> signatures = new ArrayList<>();
        for (int i = 0; i < VALIDATORS; i++) {
            signers.add(i);
            signatures.add(Signature.of(filled(64, i)));
        }
        return new Justification(signers, signatures);
    }

    private static MacroHeader header(int batch) {
        return new MacroHeader(
                0xFF,
                0xFFFF,
                0xFFFF_FFFFL - P.blocksPerEpoch() + (long) batch * P.blocksPerBatch(),
                -1L,
                hash(batch),
                hash(0),
                hash(batch + 1),
                hash(batch + 2),
                ByteString.wrap(filled(Limits.MAX_EXTRA_DATA, 7)));
    }

    private static Hash hash(int seed) {
        return Hash.of(filled(32, seed));
    }

    private static byte[] filled(int n, int b) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, (byte) b);
        return bytes;
    }
}
