package io.hms.protocol.codec;

/**
 * Canonical binary form of one type. The bytes a codec writes are the bytes that are hashed and
 * the bytes that are sent; {@link #decode(byte[])} accepts exactly those bytes and nothing else.
 */
public interface Codec<T> {

    void write(Writer out, T value);

    T read(Reader in) throws DecodeException;

    default byte[] encode(T value) {
        Writer out = new Writer();
        write(out, value);
        return out.toByteArray();
    }

    /** Decodes a whole buffer; trailing bytes are an error. */
    default T decode(byte[] bytes) throws DecodeException {
        Reader in = new Reader(bytes);
        T value = read(in);
        in.expectEnd();
        return value;
    }
}
