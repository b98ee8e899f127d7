package io.hms.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hms.protocol.message.BatchSetError;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.message.BatchSetResponse;
import io.hms.protocol.message.Checkpoint;
import io.hms.protocol.message.Envelope;
import io.hms.protocol.message.Handshake;
import io.hms.protocol.message.HistoryChunkError;
import io.hms.protocol.message.HistoryChunkResponse;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.MacroChainError;
import io.hms.protocol.message.MacroChainResponse;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.message.TransportError;
import io.hms.protocol.model.ByteString;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.Justification;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroBody;
import io.hms.protocol.model.MacroHeader;
import io.hms.protocol.model.Validator;
import io.hms.protocol.model.ValidatorSet;
import io.hms.protocol.proof.HistoryTreeChunk;
import io.hms.protocol.proof.Proof;
import io.hms.protocol.proof.RangeProof;
import io.hms.protocol.proof.SizeProof;
import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Hand-made malformed inputs, each rejected with a DecodeException that names the right field. */
class MalformedInputTest {
    private static final String Z32 = "00".repeat(32);
    /** A MacroHeader up to (not including) its extra data: network 0, version 1, block 0, time 0. */
    private static final String HEADER_PREFIX = "00" + "01" + "00" + "00" + Z32.repeat(4);

    private static final String HANDSHAKE_PREFIX = "01" + "00" + Z32 + "03";
    private static final String LEN_2G = "8080808008";
    private static final String LEN_U32_MAX = "ffffffff0f";
    private static final String LEN_U64_MAX = "ffffffffffffffffff01";
    /** Far above what decoding a few bytes needs, far below what a forged length would allocate. */
    private static final long ALLOCATION_BUDGET = 256 * 1024;

    record Bad(String name, Codec<?> codec, String hex, String field, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Bad> hugeLengths() {
        Stream.Builder<Bad> cases = Stream.builder();
        for (String len : new String[] {LEN_2G, LEN_U32_MAX, LEN_U64_MAX}) {
            String r = "exceeds maximum";
            cases.add(new Bad("locators " + len, RequestMacroChain.CODEC, len, "RequestMacroChain.locators", r));
            cases.add(new Bad("epochs " + len, MacroChain.CODEC, len, "MacroChain.epochs", r));
            cases.add(
                    new Bad("epochs in response " + len, MacroChainResponse.CODEC, "00" + len, "MacroChain.epochs", r));
            cases.add(new Bad("validators " + len, ValidatorSet.CODEC, len, "ValidatorSet.validators", r));
            cases.add(new Bad("signer bitmap " + len, Justification.CODEC, len, "Justification.signers", r));
            cases.add(new Bad("proof nodes " + len, Proof.CODEC, "00" + len, "Proof.nodes", r));
            cases.add(new Bad("history " + len, HistoryTreeChunk.CODEC, "000000" + len, "HistoryTreeChunk.history", r));
            cases.add(new Bad(
                    "history in response " + len,
                    HistoryChunkResponse.CODEC,
                    "00000000" + len,
                    "HistoryTreeChunk.history",
                    r));
            cases.add(new Bad("batch sets " + len, BatchSetInfo.CODEC, "00" + len, "BatchSetInfo.batchSets", r));
            cases.add(new Bad(
                    "batch sets in response " + len,
                    BatchSetResponse.CODEC,
                    "0000" + len,
                    "BatchSetInfo.batchSets",
                    r));
            cases.add(new Bad("extra data " + len, MacroHeader.CODEC, HEADER_PREFIX + len, "MacroHeader.extraData", r));
            cases.add(new Bad(
                    "transfer data " + len,
                    HistoricTransaction.CODEC,
                    "000000" + "00" + Z32 + Z32 + "000000" + len,
                    "Transfer.data",
                    r));
            cases.add(new Bad("node id " + len, Handshake.CODEC, HANDSHAKE_PREFIX + len, "Handshake.nodeId", r));
            cases.add(new Bad(
                    "node id in hello " + len, Envelope.CODEC, "00" + HANDSHAKE_PREFIX + len, "Handshake.nodeId", r));
        }
        String r = "exceeds the remaining";
        cases.add(
                new Bad("1000 epochs in 10 bytes", MacroChain.CODEC, "e807" + "00".repeat(10), "MacroChain.epochs", r));
        cases.add(new Bad(
                "1024 transactions in 40 bytes",
                HistoryTreeChunk.CODEC,
                "000000" + "8008" + "00".repeat(40),
                "HistoryTreeChunk.history",
                r));
        cases.add(new Bad(
                "128 locators in 1 byte", RequestMacroChain.CODEC, "8001" + "00", "RequestMacroChain.locators", r));
        cases.add(new Bad(
                "512 validators in 33 bytes", ValidatorSet.CODEC, "8004" + Z32 + "01", "ValidatorSet.validators", r));
        return cases.build();
    }

    static Stream<Bad> malformed() {
        return Stream.of(
                new Bad(
                        "non-minimal epoch",
                        RequestHistoryChunk.CODEC,
                        "80000000",
                        "RequestHistoryChunk.epochNumber",
                        "non-minimal"),
                new Bad(
                        "non-minimal locator count",
                        RequestMacroChain.CODEC,
                        "8000" + "00",
                        "RequestMacroChain.locators",
                        "non-minimal"),
                new Bad("non-minimal arm", MacroChainResponse.CODEC, "800000", "MacroChainResponse.arm", "non-minimal"),
                new Bad("non-minimal request id", Envelope.CODEC, "018000c801", "Envelope.requestId", "non-minimal"),
                new Bad("non-minimal version", MacroHeader.CODEC, "008100", "MacroHeader.version", "non-minimal"),
                new Bad("non-minimal mmr size", Proof.CODEC, "ff0000", "Proof.mmrSize", "non-minimal"),
                new Bad(
                        "varint over 64 bits",
                        Proof.CODEC,
                        "ffffffffffffffffff0200",
                        "Proof.mmrSize",
                        "overflows 64 bits"),
                new Bad("bool 2", RangeProof.CODEC, "000002", "RangeProof.assumePrevious", "bool must be 0 or 1"),
                new Bad("bool 255", RangeProof.CODEC, "0000ff", "RangeProof.assumePrevious", "bool must be 0 or 1"),
                new Bad("checkpoint tag 2", MacroChain.CODEC, "0002", "MacroChain.checkpoint", "option tag"),
                new Bad(
                        "election block tag 2",
                        BatchSetInfo.CODEC,
                        "02",
                        "BatchSetInfo.electionMacroBlock",
                        "option tag"),
                new Bad("body tag 2", MacroBody.CODEC, "02", "MacroBody.nextValidators", "option tag"),
                new Bad(
                        "justification tag 2",
                        MacroBlock.CODEC,
                        HEADER_PREFIX + "00" + "00" + "02",
                        "MacroBlock.justification",
                        "option tag"),
                new Bad(
                        "historic kind 4",
                        HistoricTransaction.CODEC,
                        "000004",
                        "HistoricTransaction.kind",
                        "unknown variant 4"),
                new Bad("size proof kind 3", SizeProof.CODEC, "03", "SizeProof.kind", "unknown variant 3"),
                new Bad(
                        "macro chain arm 2",
                        MacroChainResponse.CODEC,
                        "02",
                        "MacroChainResponse.arm",
                        "must be 0 or 1"),
                new Bad("batch set arm 2", BatchSetResponse.CODEC, "02", "BatchSetResponse.arm", "must be 0 or 1"),
                new Bad(
                        "history chunk arm 2",
                        HistoryChunkResponse.CODEC,
                        "02",
                        "HistoryChunkResponse.arm",
                        "must be 0 or 1"),
                new Bad("envelope kind 5", Envelope.CODEC, "05", "Envelope.kind", "unknown kind 5"),
                new Bad("disconnect without detail", Envelope.CODEC, "0400", "Disconnect.detail", "truncated"),
                new Bad("envelope kind 255", Envelope.CODEC, "ff00c801", "Envelope.kind", "unknown kind 255"),
                new Bad(
                        "epoch 2^32",
                        RequestHistoryChunk.CODEC,
                        "80808080100000",
                        "RequestHistoryChunk.epochNumber",
                        "exceeds 4294967295"),
                new Bad(
                        "checkpoint block 2^32",
                        Checkpoint.CODEC,
                        "8080808010" + Z32,
                        "Checkpoint.blockNumber",
                        "exceeds 4294967295"),
                new Bad(
                        "max epochs 65536",
                        RequestMacroChain.CODEC,
                        "00808004",
                        "RequestMacroChain.maxEpochs",
                        "exceeds 65535"),
                new Bad("type id 65536", Envelope.CODEC, "0100808004", "Envelope.typeId", "exceeds 65535"),
                new Bad("validator with 0 slots", Validator.CODEC, Z32 + "00", "Validator.slots", "at least 1"),
                new Bad(
                        "empty validator set",
                        ValidatorSet.CODEC,
                        "00",
                        "ValidatorSet.validators",
                        "must not be empty"),
                new Bad(
                        "bitmap trailing zero",
                        Justification.CODEC,
                        "020100" + "00".repeat(64),
                        "Justification.signers",
                        "trailing zero"),
                new Bad(
                        "missing signature",
                        Justification.CODEC,
                        "0103" + "00".repeat(64),
                        "Justification.signatures",
                        "truncated"),
                new Bad(
                        "truncated parent election hash",
                        MacroHeader.CODEC,
                        "00010000" + Z32 + "0000",
                        "MacroHeader.parentElectionHash",
                        "truncated"),
                new Bad(
                        "truncated transfer signature",
                        HistoricTransaction.CODEC,
                        "000000" + "00" + Z32 + Z32 + "00000000" + "00",
                        "Transfer.signature",
                        "truncated"),
                new Bad(
                        "truncated size proof right",
                        SizeProof.CODEC,
                        "0200" + Z32 + "00",
                        "SizeProof.right",
                        "truncated"),
                new Bad("empty input", RequestBatchSet.CODEC, "", "RequestBatchSet.hash", "truncated"),
                new Bad("trailing byte", RequestBatchSet.CODEC, Z32 + "00", "message", "1 trailing bytes"),
                new Bad(
                        "trailing byte after hello",
                        Envelope.CODEC,
                        "00" + HANDSHAKE_PREFIX + "00" + "00",
                        "message",
                        "trailing"),
                new Bad("trailing byte after error", Envelope.CODEC, "0300c8010100", "message", "trailing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hugeLengths")
    void shouldRejectWithoutLargeAllocationWhenLengthFieldIsHuge(Bad bad) {
        byte[] input = HexFormat.of().parseHex(bad.hex());
        decodeFailure(bad.codec(), input); // warm up: class loading must not count
        long before = allocatedBytes();
        DecodeException e = decodeFailure(bad.codec(), input);
        long allocated = allocatedBytes() - before;

        assertThat(e.field()).isEqualTo(bad.field());
        assertThat(e.getMessage()).contains(bad.reason());
        assertThat(allocated).as("bytes allocated while rejecting %s", bad).isLessThan(ALLOCATION_BUDGET);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void shouldNameTheFieldWhenInputIsMalformed(Bad bad) {
        DecodeException e = decodeFailure(bad.codec(), HexFormat.of().parseHex(bad.hex()));
        assertThat(e.field()).isEqualTo(bad.field());
        assertThat(e.getMessage()).startsWith(bad.field() + ": ").contains(bad.reason());
    }

    @Test
    void shouldDecodeUnknownErrorCodesAsOtherWhenCodeIsNewer() throws DecodeException {
        HexFormat hex = HexFormat.of();
        assertThat(MacroChainResponse.CODEC.decode(hex.parseHex("0100"))).isEqualTo(MacroChainError.UNKNOWN_LOCATORS);
        assertThat(MacroChainResponse.CODEC.decode(hex.parseHex("0101"))).isEqualTo(MacroChainError.OTHER);
        assertThat(MacroChainResponse.CODEC.decode(hex.parseHex("0107"))).isEqualTo(MacroChainError.OTHER);
        assertThat(MacroChainResponse.CODEC.decode(hex.parseHex("01" + LEN_U64_MAX)))
                .isEqualTo(MacroChainError.OTHER);
        assertThat(BatchSetResponse.CODEC.decode(hex.parseHex("0100"))).isEqualTo(BatchSetError.TARGET_HASH_NOT_FOUND);
        assertThat(BatchSetResponse.CODEC.decode(hex.parseHex("0101"))).isEqualTo(BatchSetError.MICRO_BLOCK_GIVEN);
        assertThat(BatchSetResponse.CODEC.decode(hex.parseHex("0163"))).isEqualTo(BatchSetError.OTHER);
        assertThat(HistoryChunkResponse.CODEC.decode(hex.parseHex("0100")))
                .isEqualTo(HistoryChunkError.COULDNT_PRODUCE_PROOF);
        assertThat(HistoryChunkResponse.CODEC.decode(hex.parseHex("01ff01"))).isEqualTo(HistoryChunkError.OTHER);
        assertThat(Envelope.CODEC.decode(hex.parseHex("0307c80109")))
                .isEqualTo(new Envelope.ErrorEnvelope(7, 200, TransportError.OTHER));
        assertThat(Envelope.CODEC.decode(hex.parseHex("0307c80102")))
                .isEqualTo(new Envelope.ErrorEnvelope(7, 200, TransportError.MALFORMED_REQUEST));
        assertThat(Envelope.CODEC.decode(hex.parseHex("0307c80104")))
                .isEqualTo(new Envelope.ErrorEnvelope(7, 200, TransportError.BUSY));
        assertThat(Envelope.CODEC.decode(hex.parseHex("0307c80105")))
                .isEqualTo(new Envelope.ErrorEnvelope(7, 200, TransportError.OTHER));
        assertThat(Envelope.CODEC.decode(hex.parseHex("040900")))
                .isEqualTo(new Envelope.Disconnect(io.hms.protocol.message.DisconnectCode.OTHER, ""));
        assertThat(Envelope.CODEC.decode(hex.parseHex("040002ffff")))
                .as("a detail that is not UTF-8 still decodes, as replacement characters")
                .isEqualTo(new Envelope.Disconnect(io.hms.protocol.message.DisconnectCode.BANNED, "\uFFFD\uFFFD"));
    }

    @Test
    void shouldTakeRestOfFrameAsBodyWhenRequestEnvelopeHasExtraBytes() throws DecodeException {
        HexFormat hex = HexFormat.of();
        assertThat(Envelope.CODEC.decode(hex.parseHex("0100c801")))
                .isEqualTo(new Envelope.RequestEnvelope(0, 200, ByteString.EMPTY));
        assertThat(Envelope.CODEC.decode(hex.parseHex("0205c901aabb")))
                .isEqualTo(new Envelope.ResponseEnvelope(5, 201, ByteString.of(new byte[] {(byte) 0xAA, (byte) 0xBB})));
        assertThat(Envelope.CODEC.decode(hex.parseHex("01" + LEN_U64_MAX + "e707")))
                .isEqualTo(new Envelope.RequestEnvelope(-1L, 999, ByteString.EMPTY));
    }

    @Test
    void shouldRejectOutOfRangeValuesWhenRecordsAreConstructed() {
        assertThatThrownBy(() -> new Checkpoint(1L << 32, io.hms.protocol.model.Hash.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Envelope.RequestEnvelope(0, 0x1_0000, ByteString.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Envelope.ErrorEnvelope(0, -1, TransportError.OTHER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static DecodeException decodeFailure(Codec<?> codec, byte[] input) {
        DecodeException e = catchThrowableOfType(DecodeException.class, () -> codec.decode(input));
        assertThat(e)
                .as("decoding %s must fail", HexFormat.of().formatHex(input))
                .isNotNull();
        return e;
    }

    private static long allocatedBytes() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled())
                .isTrue();
        return mx.getCurrentThreadAllocatedBytes();
    }
}
