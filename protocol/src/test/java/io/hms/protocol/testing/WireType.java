package io.hms.protocol.testing;

import io.hms.protocol.codec.Codec;
import io.hms.protocol.message.BatchSet;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.message.BatchSetResponse;
import io.hms.protocol.message.Checkpoint;
import io.hms.protocol.message.Envelope;
import io.hms.protocol.message.Handshake;
import io.hms.protocol.message.HistoryChunk;
import io.hms.protocol.message.HistoryChunkResponse;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.MacroChainResponse;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.Justification;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroBody;
import io.hms.protocol.model.MacroHeader;
import io.hms.protocol.model.PublicKey;
import io.hms.protocol.model.Signature;
import io.hms.protocol.model.Validator;
import io.hms.protocol.model.ValidatorSet;
import io.hms.protocol.proof.HistoryTreeChunk;
import io.hms.protocol.proof.Proof;
import io.hms.protocol.proof.RangeProof;
import io.hms.protocol.proof.SizeProof;
import java.util.List;
import java.util.function.Function;

/**
 * One type with a codec of its own, its generator and its JSON class: the table that the round-trip,
 * hostile-input and fuzz tests iterate, so a new wire type is tested everywhere by adding one line.
 *
 * @param canonical true if every accepted input is the encoding of what it decodes to; false for
 *     types whose error codes map unknown values to {@code OTHER} (responses, the envelope)
 * @param selfDelimiting false for the envelope, whose request/response body runs to the end of the
 *     frame, so a truncated envelope can still be a valid (shorter) one
 */
public record WireType<T>(
        String name,
        Class<T> type,
        Codec<T> codec,
        Function<Gen, T> generator,
        boolean canonical,
        boolean selfDelimiting) {

    static <T> WireType<T> of(String name, Class<T> type, Codec<T> codec, Function<Gen, T> gen) {
        return new WireType<>(name, type, codec, gen, true, true);
    }

    public T generate(Gen gen) {
        return generator.apply(gen);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Every type that has a codec of its own, from primitives up to the envelope. */
    public static final List<WireType<?>> ALL = List.of(
            of("Hash", Hash.class, Hash.CODEC, Gen::hash),
            of("PublicKey", PublicKey.class, PublicKey.CODEC, Gen::publicKey),
            of("Signature", Signature.class, Signature.CODEC, Gen::signature),
            of("Validator", Validator.class, Validator.CODEC, Gen::validator),
            of("ValidatorSet", ValidatorSet.class, ValidatorSet.CODEC, Gen::validatorSet),
            of("Justification", Justification.class, Justification.CODEC, Gen::justification),
            of("MacroHeader", MacroHeader.class, MacroHeader.CODEC, Gen::macroHeader),
            of("MacroBody", MacroBody.class, MacroBody.CODEC, Gen::macroBody),
            of("MacroBlock", MacroBlock.class, MacroBlock.CODEC, Gen::macroBlock),
            of("HistoricTransaction", HistoricTransaction.class, HistoricTransaction.CODEC, Gen::historicTransaction),
            of("Proof", Proof.class, Proof.CODEC, Gen::proof),
            of("RangeProof", RangeProof.class, RangeProof.CODEC, Gen::rangeProof),
            of("SizeProof", SizeProof.class, SizeProof.CODEC, Gen::sizeProof),
            of("HistoryTreeChunk", HistoryTreeChunk.class, HistoryTreeChunk.CODEC, Gen::historyTreeChunk),
            of("Checkpoint", Checkpoint.class, Checkpoint.CODEC, Gen::checkpoint),
            of("RequestMacroChain", RequestMacroChain.class, RequestMacroChain.CODEC, Gen::requestMacroChain),
            of("MacroChain", MacroChain.class, MacroChain.CODEC, Gen::macroChain),
            new WireType<>(
                    "MacroChainResponse",
                    MacroChainResponse.class,
                    MacroChainResponse.CODEC,
                    Gen::macroChainResponse,
                    false,
                    true),
            of("RequestBatchSet", RequestBatchSet.class, RequestBatchSet.CODEC, Gen::requestBatchSet),
            of("BatchSet", BatchSet.class, BatchSet.CODEC, Gen::batchSet),
            of("BatchSetInfo", BatchSetInfo.class, BatchSetInfo.CODEC, Gen::batchSetInfo),
            new WireType<>(
                    "BatchSetResponse",
                    BatchSetResponse.class,
                    BatchSetResponse.CODEC,
                    Gen::batchSetResponse,
                    false,
                    true),
            of("RequestHistoryChunk", RequestHistoryChunk.class, RequestHistoryChunk.CODEC, Gen::requestHistoryChunk),
            of("HistoryChunk", HistoryChunk.class, HistoryChunk.CODEC, Gen::historyChunk),
            new WireType<>(
                    "HistoryChunkResponse",
                    HistoryChunkResponse.class,
                    HistoryChunkResponse.CODEC,
                    Gen::historyChunkResponse,
                    false,
                    true),
            of("Handshake", Handshake.class, Handshake.CODEC, Gen::handshake),
            new WireType<>("Envelope", Envelope.class, Envelope.CODEC, Gen::envelope, false, false));
}
