package io.hms.protocol.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;

/** {@link BatchSetInfo} (arm 0) or {@link BatchSetError} (arm 1). */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
@JsonSubTypes({@JsonSubTypes.Type(BatchSetInfo.class), @JsonSubTypes.Type(BatchSetError.class)})
public sealed interface BatchSetResponse extends Response permits BatchSetInfo, BatchSetError {
    Codec<BatchSetResponse> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, BatchSetResponse r) {
            if (r instanceof BatchSetInfo ok) {
                out.varint(0);
                BatchSetInfo.CODEC.write(out, ok);
            } else {
                out.varint(1).varint(((BatchSetError) r).ordinal());
            }
        }

        @Override
        public BatchSetResponse read(Reader in) throws DecodeException {
            long arm = in.varint("BatchSetResponse.arm");
            if (arm == 0) {
                return BatchSetInfo.CODEC.read(in);
            } else if (arm == 1) {
                return BatchSetError.fromCode(in.varint("BatchSetError.code"));
            }
            throw new DecodeException("BatchSetResponse.arm", "must be 0 or 1, got " + Long.toUnsignedString(arm));
        }
    };
}
