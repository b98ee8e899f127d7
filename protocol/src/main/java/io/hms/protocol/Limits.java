package io.hms.protocol;

/**
 * Declared maxima of every sequence and byte string on the wire. Decoders reject anything larger
 * before allocating, so these numbers also bound the memory one message can make us allocate.
 */
public final class Limits {
    private Limits() {}

    /** Leaves per history chunk. */
    public static final int CHUNK_SIZE = 1024;
    /** Epoch ids in one MacroChain (the client asks for at most this many). */
    public static final int MAX_EPOCHS = 1000;
    /** Block locators in one RequestMacroChain. */
    public static final int MAX_LOCATORS = 128;
    /** Validators in one validator set (each holds at least one of the at most 65535 slots). */
    public static final int MAX_VALIDATORS = 512;
    /** Bytes of a justification's signer bitmap: one bit per validator. */
    public static final int MAX_SIGNER_BITMAP_BYTES = MAX_VALIDATORS / 8;
    /** Bytes of a macro header's extra data. */
    public static final int MAX_EXTRA_DATA = 32;
    /**
     * Bytes of a transfer's data field. 2048 (protocol version 2; version 1 allowed 4096) keeps a
     * chunk of 1024 of the largest transactions within a quarter of the default frame limit.
     */
    public static final int MAX_TX_DATA = 2048;
    /** Hashes in one MMR proof (both boundary paths plus the peaks of a 64-bit tree fit easily). */
    public static final int MAX_PROOF_NODES = 256;
    /** Batch sets in one BatchSetInfo (one per batch of an epoch at most; mainnet has 720). */
    public static final int MAX_BATCH_SETS = 1024;
    /** Bytes of a node id in the handshake. */
    public static final int MAX_NODE_ID = 64;
    /** Bytes of a user agent string in the handshake. */
    public static final int MAX_USER_AGENT = 128;
    /**
     * Default maximum payload of one transport frame (16 MiB): the 4-byte big-endian length prefix of
     * a frame may not exceed it. The transport may make it a setting; this is its default.
     */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
}
