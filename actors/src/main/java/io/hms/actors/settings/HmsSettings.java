package io.hms.actors.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.hms.engine.sync.SyncSettings;
import io.hms.engine.sync.peers.SchedulingSettings;
import io.hms.engine.sync.reorder.ReorderSettings;
import io.hms.protocol.Limits;
import java.time.Duration;
import java.util.Objects;

/**
 * Every {@code hms.*} setting of {@code reference.conf}, read once. The engine's algorithms take
 * {@link #sync()}; actor-only sync limits are in {@link #syncActors()}.
 *
 * @param sync the engine's sync limits ({@code hms.sync})
 * @param syncActors limits that only the actors use ({@code hms.sync})
 * @param network the TCP transport's settings ({@code hms.network})
 * @param node node-level settings ({@code hms.node})
 * @param store how the chain store runs ({@code hms.store})
 * @param admin the local admin endpoint ({@code hms.admin})
 * @param rpc the JSON-RPC server's limits ({@code hms.rpc})
 */
public record HmsSettings(
        SyncSettings sync,
        SyncActorSettings syncActors,
        NetworkSettings network,
        NodeSettings node,
        StoreSettings store,
        AdminSettings admin,
        RpcSettings rpc) {

    /** Id of the single-thread dispatcher for the JobActor's store writes, declared in {@code reference.conf}. */
    public static final String STORE_DISPATCHER = "hms.store-dispatcher";

    /** Id of the dispatcher for CPU-bound verification (one thread per core), declared in {@code reference.conf}. */
    public static final String VERIFICATION_DISPATCHER = "hms.verification-dispatcher";

    public HmsSettings {
        Objects.requireNonNull(sync, "sync");
        Objects.requireNonNull(syncActors, "syncActors");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(rpc, "rpc");
    }

    /**
     * Reads the {@code hms} block of {@code config} (a whole configuration, e.g. {@code
     * system.settings().config()}), with {@code reference.conf} supplying what it lacks.
     *
     * @throws com.typesafe.config.ConfigException if a key is missing or malformed
     * @throws IllegalArgumentException if a value is out of range
     */
    public static HmsSettings create(Config config) {
        Config hms = config.withFallback(ConfigFactory.defaultReference()).getConfig("hms");
        Config sync = hms.getConfig("sync");
        int storeThreads = hms.getInt("store-dispatcher.thread-pool-executor.fixed-pool-size");
        if (storeThreads != 1) {
            // the JobActor's writes must reach the store in the order it issued them
            throw new IllegalArgumentException("hms.store-dispatcher must have exactly 1 thread: " + storeThreads);
        }
        return new HmsSettings(
                readSync(sync),
                new SyncActorSettings(
                        sync.getDuration("macro-chain-timeout"),
                        sync.getInt("max-active-clusters"),
                        sync.getLong("stage-above-items"),
                        readPacing(sync.getConfig("pacing")),
                        readScheduling(sync.getConfig("scheduling")),
                        sync.getDuration("reply-margin"),
                        readReorder(sync.getConfig("reorder")),
                        sync.getLong("max-queued-items")),
                NetworkSettings.read(hms.getConfig("network")),
                new NodeSettings(
                        hms.getConfig("node").getInt("min-good-peers"),
                        hms.getConfig("node").getInt("max-peer-records")),
                new StoreSettings(
                        hms.getConfig("store").getBoolean("sync-writes"),
                        hms.getConfig("store").getBoolean("pruned")),
                AdminSettings.read(hms.getConfig("admin")),
                RpcSettings.read(hms.getConfig("rpc")));
    }

    /** The defaults of {@code reference.conf}. */
    public static HmsSettings defaults() {
        return create(ConfigFactory.defaultReference());
    }

    private static SyncActorSettings.Pacing readPacing(Config c) {
        return new SyncActorSettings.Pacing(c.getDuration("min-delay"), c.getDuration("max-delay"));
    }

    private static ReorderSettings readReorder(Config c) {
        return new ReorderSettings(c.getLong("window-items"), c.getInt("max-ranges-ahead"), c.getInt("range-epochs"));
    }

    private static SchedulingSettings readScheduling(Config c) {
        return new SchedulingSettings(
                c.getInt("initial-window"),
                c.getInt("max-window"),
                c.getDouble("smoothing"),
                c.getDouble("hedge-factor"),
                c.getDuration("min-hedge-delay"),
                c.getInt("max-hedges"));
    }

    private static SyncSettings readSync(Config c) {
        int chunkSize = c.getInt("chunk-size");
        if (chunkSize != Limits.CHUNK_SIZE) {
            // servers prove chunks of 1024 leaves and the verifier checks exactly that shape
            throw new IllegalArgumentException("hms.sync.chunk-size must be " + Limits.CHUNK_SIZE + ": " + chunkSize);
        }
        return new SyncSettings(
                c.getInt("max-clusters"),
                c.getInt("max-queued-jobs"),
                c.getInt("batch-sets-in-flight"),
                c.getInt("chunks-in-flight"),
                c.getInt("max-request-epochs"),
                chunkSize,
                c.getInt("min-attempts"),
                c.getInt("max-attempts"),
                c.getDuration("request-timeout"),
                c.getDuration("recheck-interval"),
                c.getDuration("cluster-progress-timeout"));
    }

    /** A copy with other engine sync limits (tests shrink timeouts and windows). */
    public HmsSettings withSync(SyncSettings value) {
        return new HmsSettings(value, syncActors, network, node, store, admin, rpc);
    }

    public HmsSettings withSyncActors(SyncActorSettings value) {
        return new HmsSettings(sync, value, network, node, store, admin, rpc);
    }

    public HmsSettings withNetwork(NetworkSettings value) {
        return new HmsSettings(sync, syncActors, value, node, store, admin, rpc);
    }

    public HmsSettings withNode(NodeSettings value) {
        return new HmsSettings(sync, syncActors, network, value, store, admin, rpc);
    }

    static Duration positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration: " + value);
        }
        return value;
    }

    static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
        }
        return value;
    }
}
