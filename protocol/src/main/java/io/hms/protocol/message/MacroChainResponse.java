package io.hms.protocol.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;

/** {@link MacroChain} (arm 0) or {@link MacroChainError} (arm 1). */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
@JsonSubTypes({@JsonSubTypes.Type(MacroChain.class), @JsonSubTypes.Type(MacroChainError.class)})
public sealed interface MacroChainResponse extends Response permits MacroChain, MacroChainError {
    Codec<MacroChainResponse> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, MacroChainResponse r) {
            if (r instanceof MacroChain ok) {
                out.varint(0);
                MacroChain.CODEC.write(out, ok);
            } else {
                out.varint(1).varint(((MacroChainError) r).ordinal());
            }
        }

        @Override
        public MacroChainResponse read(Reader in) throws DecodeException {
            long arm = in.varint("MacroChainResponse.arm");
            if (arm == 0) {
                return MacroChain.CODEC.read(in);
            } else if (arm == 1) {
                return MacroChainError.fromCode(in.varint("MacroChainError.code"));
            }
            throw new DecodeException("MacroChainResponse.arm", "must be 0 or 1, got " + Long.toUnsignedString(arm));
        }
    };
}
