package io.hms.actors.node;

import io.hms.actors.transport.LocalHandshake;
import io.hms.actors.transport.ServingPool;
import io.hms.actors.transport.TcpNetwork;
import io.hms.engine.ban.BanKey;
import io.hms.engine.ban.BanStore;
import io.hms.engine.serving.RequestHandlers;
import io.hms.engine.serving.ServingSettings;
import io.hms.engine.store.Blockchain;
import io.hms.engine.store.ChainView;
import io.hms.protocol.message.Handshake;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A store served over TCP: the engine's request handlers over the store's read-only view, behind a
 * {@link TcpNetwork} that listens and dials the configured peers. Every node serves, a syncing
 * node included (it serves what it has applied so far).
 */
public final class ServingNode implements AutoCloseable {
    private final TcpNetwork network;
    private final ServingPool pool;
    private final InetSocketAddress address;

    private ServingNode(TcpNetwork network, ServingPool pool, InetSocketAddress address) {
        this.network = network;
        this.pool = pool;
        this.address = address;
    }

    /**
     * Listens on {@code config.host():config.port()} and starts dialing {@code config.peers()}; the
     * network's bans are kept in {@code chain}'s store, so a restart does not forgive a liar.
     */
    public static ServingNode start(ActorSystem<?> system, Blockchain chain, NodeConfig config) throws Exception {
        return start(system, chain, chain.peerBans(), config);
    }

    /**
     * Like {@link #start(ActorSystem, Blockchain, NodeConfig)} for a read-only view: its bans last
     * until the process ends.
     */
    public static ServingNode start(ActorSystem<?> system, ChainView view, NodeConfig config) throws Exception {
        return start(system, view, BanStore.inMemory(), config);
    }

    private static ServingNode start(ActorSystem<?> system, ChainView view, BanStore bans, NodeConfig config)
            throws Exception {
        Handshake hello = config.nodeName()
                .map(name -> LocalHandshake.create(
                        view.spec().networkId(), view.spec().genesisHash(), view.services(), name))
                .orElseGet(() -> LocalHandshake.create(
                        view.spec().networkId(), view.spec().genesisHash(), view.services()));
        RequestHandlers handlers = new RequestHandlers(ServingSettings.DEFAULTS);
        ServingPool pool =
                ServingPool.create("hms-serving", config.settings().network().servingPool());
        TcpNetwork network = TcpNetwork.builder(system, hello)
                .settings(config.transport())
                .shaping(config.shaping())
                .serving(request -> handlers.handle(request, view), pool) // bounded: BUSY when full
                .metrics(config.metrics())
                .bans(bans)
                .build();
        InetSocketAddress bound;
        try {
            bound = network.bind(config.host(), config.port())
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            network.close();
            pool.close();
            throw e;
        }
        config.metrics().watchChain(view);
        config.metrics()
                .runningBans(() -> network.bans().stream()
                        .filter(b -> b.key() instanceof BanKey.Node)
                        .count());
        config.peers().forEach(network::connect);
        return new ServingNode(network, pool, bound);
    }

    public TcpNetwork network() {
        return network;
    }

    /** The address we listen on. */
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        network.close();
        pool.close();
    }
}
