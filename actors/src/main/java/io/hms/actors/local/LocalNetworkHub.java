package io.hms.actors.local;

import io.hms.actors.network.DisconnectReason;
import io.hms.actors.network.Network;
import io.hms.actors.network.PeerEvent;
import io.hms.engine.serving.RequestHandlers;
import io.hms.engine.serving.ServingSettings;
import io.hms.engine.store.ChainView;
import io.hms.engine.sync.PeerId;
import io.hms.protocol.message.RequestType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * An in-JVM network of nodes for tests and embedding demos. Each node registers a read-only chain
 * view, request handlers and the services it advertises under a {@link PeerId}; {@link
 * #network(PeerId)} is that node's {@link Network}. Requests travel as bytes through the real
 * codecs and are answered asynchronously on the hub's threads, so a sync over the hub exercises
 * the same encoding, timeouts and disconnects as over TCP. {@link Interceptor}s turn nodes into
 * lying, slow or vanishing peers; counters tell how many requests each node served.
 */
public final class LocalNetworkHub implements AutoCloseable {

    /** A {@link Network#disconnect} call: who dropped whom, and why. */
    public record Disconnection(PeerId by, PeerId peer, DisconnectReason reason) {}

    /** A registered node. */
    record Node(PeerId id, ChainView view, RequestHandlers handlers, long services) {}

    private final ScheduledExecutorService executor;
    private final Map<PeerId, Node> nodes = new HashMap<>();
    private final Map<PeerId, Set<PeerId>> links = new HashMap<>();
    private final Map<PeerId, Set<ActorRef<PeerEvent>>> subscribers = new HashMap<>();
    private final Map<PeerId, Interceptor> interceptors = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> served = new ConcurrentHashMap<>();
    private final List<Disconnection> disconnections = new ArrayList<>();
    private final InFlightRequests inFlight = new InFlightRequests();

    /** @param threads handler threads shared by all nodes */
    public LocalNetworkHub(int threads) {
        this.executor = Executors.newScheduledThreadPool(threads, r -> {
            Thread t = new Thread(r, "local-network-hub");
            t.setDaemon(true);
            return t;
        });
    }

    /** Registers a node serving {@code view} with the default handlers. */
    public synchronized Network register(PeerId id, ChainView view, long services) {
        return register(id, view, new RequestHandlers(ServingSettings.DEFAULTS), services);
    }

    public synchronized Network register(PeerId id, ChainView view, RequestHandlers handlers, long services) {
        if (nodes.containsKey(id)) {
            throw new IllegalStateException("node " + id + " is already registered");
        }
        nodes.put(id, new Node(id, view, handlers, services));
        links.put(id, new LinkedHashSet<>());
        subscribers.put(id, new LinkedHashSet<>());
        return network(id);
    }

    /** The network as node {@code id} sees it. */
    public Network network(PeerId id) {
        return new LocalNetwork(this, id);
    }

    /** Connects two nodes; both sides' subscribers see the other join with its services. */
    public void connect(PeerId a, PeerId b) {
        List<Runnable> notifications = new ArrayList<>();
        synchronized (this) {
            Node na = node(a);
            Node nb = node(b);
            if (a.equals(b) || !links.get(a).add(b)) {
                return;
            }
            links.get(b).add(a);
            subscribers
                    .get(a)
                    .forEach(s -> notifications.add(() -> s.tell(new PeerEvent.PeerJoined(b, nb.services()))));
            subscribers
                    .get(b)
                    .forEach(s -> notifications.add(() -> s.tell(new PeerEvent.PeerJoined(a, na.services()))));
        }
        notifications.forEach(Runnable::run);
    }

    /** Drops the connection between two nodes (as a network failure would); in-flight requests fail. */
    public void disconnect(PeerId a, PeerId b) {
        List<Runnable> notifications = new ArrayList<>();
        synchronized (this) {
            if (!links.containsKey(a) || !links.get(a).remove(b)) {
                return;
            }
            links.get(b).remove(a);
            subscribers.get(a).forEach(s -> notifications.add(() -> s.tell(new PeerEvent.PeerLeft(b))));
            subscribers.get(b).forEach(s -> notifications.add(() -> s.tell(new PeerEvent.PeerLeft(a))));
        }
        inFlight.failLink(a, b);
        notifications.forEach(Runnable::run);
    }

    /** Puts {@code interceptor} in front of every response {@code server} sends. */
    public void intercept(PeerId server, Interceptor interceptor) {
        interceptors.put(server, Objects.requireNonNull(interceptor, "interceptor"));
    }

    public void clearInterceptor(PeerId server) {
        interceptors.remove(server);
    }

    /** Requests of {@code type} that {@code server}'s handlers answered. */
    public long served(PeerId server, RequestType<?, ?> type) {
        AtomicLong n = served.get(key(server, type));
        return n == null ? 0 : n.get();
    }

    /** Every {@link Network#disconnect} call so far, in order. */
    public synchronized List<Disconnection> disconnections() {
        return List.copyOf(disconnections);
    }

    public synchronized boolean isConnected(PeerId a, PeerId b) {
        return links.containsKey(a) && links.get(a).contains(b);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- used by LocalNetwork

    synchronized void subscribe(PeerId self, ActorRef<PeerEvent> listener) {
        if (subscribers.get(self).add(listener)) {
            for (PeerId peer : links.get(self)) {
                listener.tell(new PeerEvent.PeerJoined(peer, nodes.get(peer).services()));
            }
        }
    }

    synchronized void unsubscribe(PeerId self, ActorRef<PeerEvent> listener) {
        subscribers.get(self).remove(listener);
    }

    synchronized void recordDisconnect(PeerId self, PeerId peer, DisconnectReason reason) {
        disconnections.add(new Disconnection(self, peer, reason));
    }

    /** The server if {@code from} is connected to it. */
    synchronized Optional<Node> linkedNode(PeerId from, PeerId to) {
        return links.containsKey(from) && links.get(from).contains(to) ? Optional.of(nodes.get(to)) : Optional.empty();
    }

    Interceptor interceptorOf(PeerId server) {
        return interceptors.getOrDefault(server, Interceptor.honest());
    }

    void countServed(PeerId server, RequestType<?, ?> type) {
        served.computeIfAbsent(key(server, type), k -> new AtomicLong()).incrementAndGet();
    }

    ScheduledExecutorService executor() {
        return executor;
    }

    InFlightRequests inFlight() {
        return inFlight;
    }

    private Node node(PeerId id) {
        Node n = nodes.get(id);
        if (n == null) {
            throw new IllegalStateException("node " + id + " is not registered");
        }
        return n;
    }

    private static String key(PeerId server, RequestType<?, ?> type) {
        return server.value() + "/" + type.typeId();
    }
}
