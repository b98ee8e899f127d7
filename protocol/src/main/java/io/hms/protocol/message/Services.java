package io.hms.protocol.message;

/**
 * Service bits a node advertises in its handshake. A history-syncing client only uses peers that
 * offer both {@link #HISTORY} and {@link #FULL_BLOCKS}; a pruned node offers neither.
 */
public final class Services {
    private Services() {}

    /** Serves all history since genesis (RequestBatchSet, RequestHistoryChunk). */
    public static final long HISTORY = 1L;
    /** Stores full macro blocks with bodies and justifications. */
    public static final long FULL_BLOCKS = 1L << 1;
    /** What a history sync needs from a peer. */
    public static final long REQUIRED_FOR_HISTORY_SYNC = HISTORY | FULL_BLOCKS;

    public static boolean canServeHistorySync(long services) {
        return (services & REQUIRED_FOR_HISTORY_SYNC) == REQUIRED_FOR_HISTORY_SYNC;
    }

    public static String describe(long services) {
        StringBuilder sb = new StringBuilder();
        if ((services & HISTORY) != 0) {
            sb.append("HISTORY");
        }
        if ((services & FULL_BLOCKS) != 0) {
            sb.append(sb.length() > 0 ? "|" : "").append("FULL_BLOCKS");
        }
        return sb.length() == 0 ? "NONE" : sb.toString();
    }
}
