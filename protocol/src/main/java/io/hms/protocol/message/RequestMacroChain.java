package io.hms.protocol.message;

import io.hms.protocol.Limits;
import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.Hash;
import java.util.List;

/** Asks for the election-block hashes after the first locator the peer knows (SPEC §2.2). */
public record RequestMacroChain(List<Hash> locators, int maxEpochs) implements Request {
    public RequestMacroChain {
        locators = List.copyOf(locators);
        if (maxEpochs < 0 || maxEpochs > 0xFFFF) {
            throw new IllegalArgumentException("maxEpochs out of range: " + maxEpochs);
        }
    }

    @Override
    public RequestType<?, ?> type() {
        return RequestType.MACRO_CHAIN;
    }

    public static final Codec<RequestMacroChain> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, RequestMacroChain r) {
            out.list(r.locators, Hash.CODEC).varint(r.maxEpochs);
        }

        @Override
        public RequestMacroChain read(Reader in) throws DecodeException {
            List<Hash> locators = in.list("RequestMacroChain.locators", Limits.MAX_LOCATORS, Hash.LENGTH, Hash.CODEC);
            return new RequestMacroChain(locators, in.u16("RequestMacroChain.maxEpochs"));
        }
    };
}
