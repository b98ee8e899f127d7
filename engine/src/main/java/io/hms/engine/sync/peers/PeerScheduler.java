package io.hms.engine.sync.peers;

import io.hms.engine.sync.PeerId;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Which of a cluster's peers gets the next request, by measured speed (issue 12). Each peer has a
 * {@link PeerEstimate}; a request goes to the peer that is expected to answer it first given what
 * is already outstanding there: {@code max(minRtt, (outstanding + 1) / rate)}. A peer that has not
 * answered yet gets at most its initial window, a measured one at most {@code maxWindow}; a suspect peer (its last request timed out) gets at most one
 * request at a time and only when no other peer is left, so a silent peer is found after one
 * timeout and asked no more until it answers. Peers never measured are assumed as fast as the
 * fastest measured one, so every peer is tried early.
 *
 * <p>Duplicates ("hedges"): a request still open at peer A is sent again to a peer B with a free
 * window when it has taken {@code hedgeFactor} times its expected time at A, or when what is left
 * of its expected time at A is {@code hedgeFactor} times B's. At most {@code maxHedges} duplicates
 * are outstanding. Whichever answer verifies first wins; the other still measures its peer and is
 * never held against it.
 *
 * <p>Decisions depend on the peers' ids and measurements, never on the order peers were added (ties
 * go to the smaller id). Plain, single-threaded and clock-injected: the ClusterActor owns one.
 */
public final class PeerScheduler {
    private static final double PRIOR_RATE = 1000; // answers per second assumed before any answer

    private record Ticket(PeerId peer, long sentNanos, long expectedNanos, boolean hedge) {}

    private final SchedulingSettings settings;
    private final long timeoutNanos;
    private final LongSupplier nanos;
    private final Map<PeerId, PeerEstimate> peers = new TreeMap<>();
    private final Map<Long, Ticket> open = new HashMap<>();
    private long nextTicket;
    private int hedgesOpen;

    /** @param requestTimeout a request's deadline; a suspect peer is expected to take this long */
    public PeerScheduler(SchedulingSettings settings, Duration requestTimeout, LongSupplier nanos) {
        this.settings = settings;
        this.timeoutNanos = requestTimeout.toNanos();
        this.nanos = nanos;
    }

    public void add(PeerId peer) {
        peers.computeIfAbsent(peer, p -> new PeerEstimate(settings));
    }

    /** The peer left or was excluded; its open tickets still end normally. */
    public void remove(PeerId peer) {
        peers.remove(peer);
    }

    public boolean isEmpty() {
        return peers.isEmpty();
    }

    public int size() {
        return peers.size();
    }

    /**
     * Picks the peer for a new try of a request already tried at {@code tried}: an untried peer if
     * there is one (SPEC §4.8), else any. Empty when the cluster has no peers.
     */
    public Optional<Dispatch> dispatch(Set<PeerId> tried) {
        return dispatch(tried, p -> true);
    }

    /**
     * {@link #dispatch(Set)} among the peers {@code eligible} accepts only (those that have what the
     * request asks for); empty when none does.
     */
    public Optional<Dispatch> dispatch(Set<PeerId> tried, Predicate<PeerId> eligible) {
        // an untried peer is preferred, unless it is a suspect whose one request is still open
        boolean untriedLeft = peers.keySet().stream().filter(eligible).anyMatch(p -> !tried.contains(p) && tier(p) < 2);
        Optional<PeerId> best = peers.keySet().stream()
                .filter(eligible)
                .filter(p -> !untriedLeft || !tried.contains(p))
                .min(Comparator.comparingInt(this::tier)
                        .thenComparingLong(this::expectedNanos)
                        .thenComparing(p -> p));
        return best.map(p -> open(p, false));
    }

    /**
     * Whether request {@code ticket}, still open, should also be sent elsewhere now; {@code tried}
     * are the peers it went to already (no duplicate goes there).
     */
    public HedgeDecision hedge(long ticket, Set<PeerId> tried) {
        Ticket t = open.get(ticket);
        if (t == null) {
            return new HedgeDecision.Wait(Duration.ofNanos(timeoutNanos)); // ended meanwhile
        }
        long age = nanos.getAsLong() - t.sentNanos();
        Optional<PeerId> other = peers.keySet().stream()
                .filter(p -> !tried.contains(p) && !p.equals(t.peer()) && hasRoom(p))
                .min(Comparator.comparingLong(this::expectedNanos).thenComparing(p -> p));
        if (other.isPresent()
                && hedgesOpen < settings.maxHedges()
                && age >= settings.minHedgeDelay().toNanos()) {
            double factor = settings.hedgeFactor();
            boolean overdue = age >= factor * t.expectedNanos();
            boolean fasterThere = t.expectedNanos() - age > factor * expectedNanos(other.get());
            if (overdue || fasterThere) {
                return new HedgeDecision.Hedge(open(other.get(), true));
            }
        }
        return new HedgeDecision.Wait(checkAfter(t.expectedNanos()));
    }

    /** Try {@code ticket} ended with {@code outcome}; unknown or already ended tickets are ignored. */
    public void ended(long ticket, TryOutcome outcome) {
        Ticket t = open.remove(ticket);
        if (t == null) {
            return;
        }
        if (t.hedge()) {
            hedgesOpen--;
        }
        PeerEstimate e = peers.get(t.peer());
        if (e == null) {
            return;
        }
        e.ended();
        switch (outcome) {
            case ANSWERED -> e.answered(t.sentNanos(), nanos.getAsLong());
            case TIMED_OUT -> e.timedOut();
            case OVERLOADED -> e.overloaded();
            case LOST -> {}
        }
    }

    /** Requests open at {@code peer} (0 for an unknown peer). */
    public int outstanding(PeerId peer) {
        PeerEstimate e = peers.get(peer);
        return e == null ? 0 : e.outstanding();
    }

    /** Requests {@code peer} may have open at once now (0 for an unknown peer). */
    public int window(PeerId peer) {
        PeerEstimate e = peers.get(peer);
        return e == null ? 0 : e.window();
    }

    public boolean isSuspect(PeerId peer) {
        PeerEstimate e = peers.get(peer);
        return e != null && e.suspect();
    }

    /** Expected time until a new request sent to {@code peer} now is answered. */
    public Duration expected(PeerId peer) {
        return Duration.ofNanos(expectedNanos(peer));
    }

    private Dispatch open(PeerId peer, boolean hedge) {
        long expected = expectedNanos(peer);
        long ticket = nextTicket++;
        open.put(ticket, new Ticket(peer, nanos.getAsLong(), expected, hedge));
        peers.get(peer).sent();
        if (hedge) {
            hedgesOpen++;
        }
        return new Dispatch(ticket, peer, checkAfter(expected));
    }

    /**
     * 0: usable; 1: a last resort — at {@code maxWindow}, or suspect and idle; 2: only when nothing
     * else is left — suspect with its one request open, or never measured with its initial window
     * open (unproven: it gets more once it answers).
     */
    private int tier(PeerId peer) {
        PeerEstimate e = peers.get(peer);
        if (e.suspect()) {
            return e.outstanding() == 0 ? 1 : 2;
        }
        if (!e.measured()) {
            return e.outstanding() < e.window() ? 0 : 2; // unproven: no more until it answers
        }
        return e.outstanding() < settings.maxWindow() ? 0 : 1;
    }

    /** Idle capacity: fewer requests open than its window, and not suspect. */
    private boolean hasRoom(PeerId peer) {
        PeerEstimate e = peers.get(peer);
        return !e.suspect() && e.outstanding() < e.window();
    }

    private long expectedNanos(PeerId peer) {
        PeerEstimate e = peers.get(peer);
        if (e.suspect()) {
            return timeoutNanos * (1 + e.outstanding());
        }
        double rtt;
        double rate;
        if (e.measured()) {
            rtt = e.minRttNanos();
            rate = e.rate();
        } else {
            rtt = peers.values().stream()
                    .filter(x -> x.measured() && !x.suspect())
                    .mapToLong(PeerEstimate::minRttNanos)
                    .min()
                    .orElse(0);
            rate = peers.values().stream()
                    .filter(x -> x.measured() && !x.suspect())
                    .mapToDouble(PeerEstimate::rate)
                    .max()
                    .orElse(PRIOR_RATE);
        }
        // the answer leaves after those already queued at the peer, and never sooner than a round trip
        return (long) Math.max(rtt, (e.outstanding() + 1) * 1e9 / rate);
    }

    private Duration checkAfter(long expectedNanos) {
        return Duration.ofNanos(Math.max(settings.minHedgeDelay().toNanos(), expectedNanos / 2));
    }
}
