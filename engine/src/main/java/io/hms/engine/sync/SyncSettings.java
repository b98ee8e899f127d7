package io.hms.engine.sync;

import io.hms.protocol.Limits;
import java.time.Duration;

/**
 * Every limit of the history macro sync (SPEC Appendix A), named, with the original's values as
 * defaults. The actor layer builds one from {@code reference.conf} ({@code hms.sync.*}); the pure
 * algorithms of this package take it (or single fields of it) as a parameter so nothing is
 * hard-coded.
 *
 * @param maxClusters epoch clusters kept at most; epoch-id replies wait while this many exist
 * @param maxQueuedJobs batch-set pushes (and cluster finishes) queued for application at most
 * @param batchSetsInFlight batch-set requests in flight or buffered per cluster, and the limit of
 *     pending (downloading) batch sets before more batch-set infos are consumed
 * @param chunksInFlight history-chunk requests in flight or buffered per cluster
 * @param maxRequestEpochs {@code maxEpochs} sent in RequestMacroChain; more in a reply is a ban
 * @param chunkSize leaves per history chunk; must match the servers' (1024 on the wire)
 * @param minAttempts tries per request at least, even with fewer peers (the same peer is retried)
 * @param maxAttempts tries per request at most, however many peers there are
 * @param requestTimeout time a peer has to answer one request before the try counts as failed
 * @param recheckInterval how often Outdated and Incompatible peers are offered to the sync again
 * @param clusterProgressTimeout a cluster that completes nothing for this long is failed (hms
 *     addition: the original has no watchdog, SPEC §7.2 item 16)
 */
public record SyncSettings(
        int maxClusters,
        int maxQueuedJobs,
        int batchSetsInFlight,
        int chunksInFlight,
        int maxRequestEpochs,
        int chunkSize,
        int minAttempts,
        int maxAttempts,
        Duration requestTimeout,
        Duration recheckInterval,
        Duration clusterProgressTimeout) {

    /** The original's constants; timeouts chosen by hms where the original had none. */
    public static final SyncSettings DEFAULTS = new SyncSettings(
            100,
            4,
            5,
            12,
            1000,
            Limits.CHUNK_SIZE,
            4,
            12,
            Duration.ofSeconds(10),
            Duration.ofSeconds(60),
            Duration.ofSeconds(120));

    public SyncSettings {
        requirePositive("maxClusters", maxClusters);
        requirePositive("maxQueuedJobs", maxQueuedJobs);
        requirePositive("batchSetsInFlight", batchSetsInFlight);
        requirePositive("chunksInFlight", chunksInFlight);
        requirePositive("minAttempts", minAttempts);
        if (maxRequestEpochs < 1 || maxRequestEpochs > 0xFFFF) {
            throw new IllegalArgumentException("maxRequestEpochs must be in 1..65535: " + maxRequestEpochs);
        }
        if (chunkSize < 1 || chunkSize > Limits.CHUNK_SIZE) {
            throw new IllegalArgumentException("chunkSize must be in 1.." + Limits.CHUNK_SIZE + ": " + chunkSize);
        }
        if (maxAttempts < minAttempts) {
            throw new IllegalArgumentException("maxAttempts < minAttempts: " + maxAttempts + " < " + minAttempts);
        }
        requirePositive("requestTimeout", requestTimeout);
        requirePositive("recheckInterval", recheckInterval);
        requirePositive("clusterProgressTimeout", clusterProgressTimeout);
    }

    /** Tries one request gets: {@code clamp(peers, minAttempts, maxAttempts)} (SPEC §4.8). */
    public int attemptsFor(int peers) {
        return Math.max(minAttempts, Math.min(maxAttempts, peers));
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration: " + value);
        }
    }
}
