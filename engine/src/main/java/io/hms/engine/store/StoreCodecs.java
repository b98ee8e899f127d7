package io.hms.engine.store;

import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;

/** Value codecs of store-only types (the protocol types bring their own). */
final class StoreCodecs {
    private StoreCodecs() {}

    static final Codec<Long> COUNT = new Codec<>() {
        @Override
        public void write(Writer out, Long value) {
            out.varint(value);
        }

        @Override
        public Long read(Reader in) throws DecodeException {
            return in.varint("count");
        }
    };

    static final Codec<TxLocation> TX_LOCATION = new Codec<>() {
        @Override
        public void write(Writer out, TxLocation l) {
            out.varint(l.epoch()).varint(l.leafIndex()).varint(l.blockNumber());
        }

        @Override
        public TxLocation read(Reader in) throws DecodeException {
            return new TxLocation(
                    in.varint("TxLocation.epoch"), in.varint("TxLocation.leafIndex"), in.u32("TxLocation.blockNumber"));
        }
    };
}
