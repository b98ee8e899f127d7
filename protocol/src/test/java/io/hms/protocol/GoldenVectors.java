package io.hms.protocol;

import io.hms.protocol.codec.Writer;
import io.hms.protocol.message.BatchSet;
import io.hms.protocol.message.BatchSetError;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.message.BatchSetResponse;
import io.hms.protocol.message.Checkpoint;
import io.hms.protocol.message.DisconnectCode;
import io.hms.protocol.message.Envelope;
import io.hms.protocol.message.Handshake;
import io.hms.protocol.message.HistoryChunk;
import io.hms.protocol.message.HistoryChunkError;
import io.hms.protocol.message.HistoryChunkResponse;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.MacroChainError;
import io.hms.protocol.message.MacroChainResponse;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.message.Services;
import io.hms.protocol.message.TransportError;
import io.hms.protocol.model.BatchReward;
import io.hms.protocol.model.Blake2b;
import io.hms.protocol.model.ByteString;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.Jail;
import io.hms.protocol.model.Justification;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroBody;
import io.hms.protocol.model.MacroHeader;
import io.hms.protocol.model.Penalty;
import io.hms.protocol.model.PublicKey;
import io.hms.protocol.model.Signature;
import io.hms.protocol.model.Transfer;
import io.hms.protocol.model.Validator;
import io.hms.protocol.model.ValidatorSet;
import io.hms.protocol.proof.HistoryTreeChunk;
import io.hms.protocol.proof.Proof;
import io.hms.protocol.proof.RangeProof;
import io.hms.protocol.proof.SizeProof;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values behind the golden vectors of docs/PROTOCOL.md, built from fixed, simple inputs: a
 * hash, key or signature "of byte b" is that byte repeated 32, 32 or 64 times.
 */
final class GoldenVectors {
    static final int NETWORK = 5;

    private GoldenVectors() {}

    static Hash h(int b) {
        return Hash.of(filled(32, b));
    }

    static PublicKey k(int b) {
        return PublicKey.of(filled(32, b));
    }

    static Signature s(int b) {
        return Signature.of(filled(64, b));
    }

    private static byte[] filled(int n, int b) {
        byte[] out = new byte[n];
        Arrays.fill(out, (byte) b);
        return out;
    }

    static final RequestMacroChain REQUEST_MACRO_CHAIN = new RequestMacroChain(List.of(h(0x11), h(0x22)), 1000);
    static final RequestBatchSet REQUEST_BATCH_SET = new RequestBatchSet(h(0x33));
    static final RequestHistoryChunk REQUEST_HISTORY_CHUNK = new RequestHistoryChunk(1, 328, 2);

    static final MacroHeader HEADER_232 = new MacroHeader(
            NETWORK,
            1,
            232,
            1_700_000_000_000L,
            h(0x01),
            h(0x02),
            h(0x03),
            MacroBody.CHECKPOINT.hash(),
            ByteString.EMPTY);
    static final MacroBlock CHECKPOINT_232 = new MacroBlock(
            HEADER_232, MacroBody.CHECKPOINT, Optional.of(new Justification(List.of(0, 2), List.of(s(0xA0), s(0xA2)))));

    static final MacroBody ELECTION_BODY =
            MacroBody.election(new ValidatorSet(List.of(new Validator(k(0xB1), 300), new Validator(k(0xB2), 212))));
    static final MacroBlock ELECTION_328 = new MacroBlock(
            new MacroHeader(
                    NETWORK,
                    1,
                    328,
                    1_700_000_096_000L,
                    HEADER_232.hash(),
                    h(0x02),
                    h(0x04),
                    ELECTION_BODY.hash(),
                    ByteString.of("hms".getBytes(StandardCharsets.US_ASCII))),
            ELECTION_BODY,
            Optional.empty());

    static final HistoricTransaction TRANSFER = new HistoricTransaction(
            233,
            1_700_000_001_000L,
            new Transfer(
                    NETWORK,
                    k(0xC1),
                    k(0xC2),
                    1000,
                    1,
                    230,
                    ByteString.of(new byte[] {(byte) 0xBE, (byte) 0xEF}),
                    s(0xC3)));
    static final HistoricTransaction REWARD =
            new HistoricTransaction(264, 1_700_000_032_000L, new BatchReward(k(0xB1), k(0xD1), 5000));
    static final HistoricTransaction PENALTY = new HistoricTransaction(300, 0, new Penalty(k(0xB2), 299));
    static final HistoricTransaction JAIL = new HistoricTransaction(301, 0, new Jail(k(0xB2), 0xFFFF_FFFFL));

    static final Handshake HANDSHAKE = new Handshake(
            Handshake.PROTOCOL_VERSION,
            NETWORK,
            h(0x99),
            Services.HISTORY | Services.FULL_BLOCKS,
            ByteString.of("node-1".getBytes(StandardCharsets.US_ASCII)));

    /** Name → bytes, in the order the document lists them. */
    static Map<String, byte[]> all() {
        Map<String, byte[]> v = new LinkedHashMap<>();
        v.put("request-macro-chain", RequestMacroChain.CODEC.encode(REQUEST_MACRO_CHAIN));
        v.put("request-batch-set", RequestBatchSet.CODEC.encode(REQUEST_BATCH_SET));
        v.put("request-history-chunk", RequestHistoryChunk.CODEC.encode(REQUEST_HISTORY_CHUNK));
        v.put(
                "macro-chain-response",
                MacroChainResponse.CODEC.encode(
                        new MacroChain(List.of(h(0x44)), Optional.of(new Checkpoint(360, h(0x55))))));
        v.put(
                "macro-chain-response-empty",
                MacroChainResponse.CODEC.encode(new MacroChain(List.of(), Optional.empty())));
        v.put("macro-chain-error", MacroChainResponse.CODEC.encode(MacroChainError.UNKNOWN_LOCATORS));
        v.put(
                "batch-set-info-response",
                BatchSetResponse.CODEC.encode(new BatchSetInfo(
                        Optional.empty(),
                        List.of(new BatchSet(CHECKPOINT_232, new SizeProof.MultipleElements(3, h(0x66), h(0x77)))))));
        v.put("batch-set-error", BatchSetResponse.CODEC.encode(BatchSetError.MICRO_BLOCK_GIVEN));
        v.put(
                "history-chunk-response",
                HistoryChunkResponse.CODEC.encode(new HistoryChunk(new HistoryTreeChunk(
                        new RangeProof(new Proof(4, List.of(h(0x88))), false), List.of(TRANSFER, REWARD)))));
        v.put("history-chunk-error", HistoryChunkResponse.CODEC.encode(HistoryChunkError.COULDNT_PRODUCE_PROOF));
        v.put("macro-header-232", MacroHeader.CODEC.encode(HEADER_232));
        v.put("macro-block-election-328", MacroBlock.CODEC.encode(ELECTION_328));
        v.put("historic-penalty", HistoricTransaction.CODEC.encode(PENALTY));
        v.put("historic-jail", HistoricTransaction.CODEC.encode(JAIL));
        v.put("size-proof-empty", SizeProof.CODEC.encode(SizeProof.EmptyTree.INSTANCE));
        v.put("size-proof-single", SizeProof.CODEC.encode(new SizeProof.SingleElement(1, JAIL)));
        byte[] hello = Envelope.CODEC.encode(new Envelope.Hello(HANDSHAKE));
        v.put("hello-envelope", hello);
        v.put(
                "request-envelope",
                Envelope.CODEC.encode(new Envelope.RequestEnvelope(
                        7, 204, ByteString.of(RequestHistoryChunk.CODEC.encode(REQUEST_HISTORY_CHUNK)))));
        v.put(
                "response-envelope",
                Envelope.CODEC.encode(new Envelope.ResponseEnvelope(
                        7,
                        205,
                        ByteString.of(HistoryChunkResponse.CODEC.encode(HistoryChunkError.COULDNT_PRODUCE_PROOF)))));
        v.put("error-envelope", Envelope.CODEC.encode(new Envelope.ErrorEnvelope(8, 200, TransportError.RATE_LIMITED)));
        v.put("error-envelope-busy", Envelope.CODEC.encode(new Envelope.ErrorEnvelope(9, 204, TransportError.BUSY)));
        v.put(
                "disconnect-envelope",
                Envelope.CODEC.encode(new Envelope.Disconnect(DisconnectCode.DUPLICATE_NODE_ID, "dup")));
        v.put(
                "hello-frame",
                ByteBuffer.allocate(4 + hello.length)
                        .putInt(hello.length)
                        .put(hello)
                        .array());
        v.put(
                "blake2b-abc",
                Blake2b.hash("abc".getBytes(StandardCharsets.US_ASCII)).toByteArray());
        v.put("checkpoint-body-root", MacroBody.CHECKPOINT.hash().toByteArray());
        v.put("header-232-hash", HEADER_232.hash().toByteArray());
        v.put("election-328-hash", ELECTION_328.hash().toByteArray());
        v.put("signing-message-232", Justification.signingMessage(NETWORK, HEADER_232.hash()));
        v.put("transfer-hash", TRANSFER.hash().toByteArray());
        v.put(
                "transfer-leaf-hash",
                Blake2b.hash(prefixed(1, HistoricTransaction.CODEC.encode(TRANSFER)))
                        .toByteArray());
        v.put("empty-tree-root", Blake2b.hash(prefixed(0, new byte[0])).toByteArray());
        return v;
    }

    /** be64(prefix) ‖ bytes: the input of a history-tree hash. */
    static byte[] prefixed(long prefix, byte[] bytes) {
        return new Writer().be64(prefix).raw(bytes).toByteArray();
    }
}
