package io.hms.actors.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Creates the actor systems the command line runs on: reference.conf and application.conf as usual,
 * with Pekko's own logging routed through SLF4J at WARNING and its start-up banner and dead-letter
 * chatter off, so that a command's output is its own. The commands stop their systems themselves
 * (after closing the network and before closing the store), so Pekko's own JVM shutdown hook is off.
 */
public final class NodeSystem {
    private static final String QUIET = String.join(
            "\n",
            "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]",
            "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"",
            "pekko.loglevel = WARNING",
            "pekko.stdout-loglevel = OFF",
            "pekko.log-dead-letters = off",
            "pekko.log-dead-letters-during-shutdown = off",
            "pekko.coordinated-shutdown.log-info = off",
            "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off");

    private NodeSystem() {}

    public static Config config() {
        return ConfigFactory.parseString(QUIET).withFallback(ConfigFactory.load());
    }

    /** The actor system name every node of one hms cluster shares (Artery addresses include it). */
    public static final String CLUSTER_SYSTEM = "hms";

    /**
     * A guardian-less member of an hms Pekko Cluster with {@code role} ({@code coordinator} or
     * {@code worker}), listening for cluster traffic on {@code host:port} and joining {@code seed}
     * ({@code host:port} of the coordinator; the coordinator is its own seed).
     */
    public static ActorSystem<Void> createClustered(String role, String host, int port, String seed) {
        return createClustered(role, host, port, seed, config());
    }

    /** As {@link #createClustered(String, String, int, String)}, over {@code base} (e.g. with a --config file). */
    public static ActorSystem<Void> createClustered(String role, String host, int port, String seed, Config base) {
        String seedHost = seed.substring(0, seed.lastIndexOf(':'));
        String seedPort = seed.substring(seed.lastIndexOf(':') + 1);
        Config cluster = ConfigFactory.parseString(String.join(
                "\n",
                "pekko.actor.provider = cluster",
                "pekko.remote.artery.canonical.hostname = \"" + host + "\"",
                "pekko.remote.artery.canonical.port = " + port,
                "pekko.cluster.roles = [\"" + role + "\"]",
                "pekko.cluster.seed-nodes = [\"pekko://" + CLUSTER_SYSTEM + "@" + seedHost + ":" + seedPort + "\"]"));
        Config overrides = ConfigFactory.defaultOverrides();
        return ActorSystem.create(
                Behaviors.empty(),
                CLUSTER_SYSTEM,
                overrides
                        .withFallback(cluster)
                        .withFallback(ConfigFactory.parseResources("hms-cluster.conf"))
                        .withFallback(base));
    }

    /**
     * The configuration with {@code file} merged over application.conf and reference.conf; system
     * properties still win (the order of {@code ConfigFactory.load}, with the file inserted).
     */
    public static Config config(Config file) {
        ConfigFactory.invalidateCaches();
        Config merged = ConfigFactory.defaultOverrides()
                .withFallback(file)
                .withFallback(ConfigFactory.defaultApplication())
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
        return ConfigFactory.parseString(QUIET).withFallback(merged);
    }

    /** A guardian-less system named {@code name}. */
    public static ActorSystem<Void> create(String name) {
        return create(name, config());
    }

    /** A guardian-less system named {@code name} on {@code config}. */
    public static ActorSystem<Void> create(String name, Config config) {
        return ActorSystem.create(Behaviors.empty(), name, config);
    }
}
