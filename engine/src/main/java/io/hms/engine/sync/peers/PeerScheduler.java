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
 * is already outstanding there: {@code max(minRtt, (outstanding + 1) / rate)}, each kind of request
 * measured on its own ({@link PeerEstimates}) and starting from what earlier clusters measured
 * ({@link PeerSpeeds}). A peer that has not answered yet gets at most its initial window (one probe
 * when it is known to be slow); a measured one gets what it is expected to answer first, however
 * long its queue; a suspect peer (its last request timed out) gets at most one
 * request at a time and only when no other peer is left, so a silent peer is found after one
 * timeout and asked no more until it answers. Peers never measured are assumed as fast as the
 * fastest measured one, so every peer is tried early. A peer whose try ended {@link TryOutcome#GONE}
 * (its connection closed) is dropped at once, before its departure reaches the cluster: a retry sent
 * back to it would fail in microseconds and use up the request's tries.
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

    private record Ticket(PeerId peer, String kind, long sentNanos, long expectedNanos, boolean hedge) {}

    /** The kind of request when the caller names none. */
    public static final String ANY_KIND = "";

    private final SchedulingSettings settings;
    private final long timeoutNanos;
    private final LongSupplier nanos;
    private final PeerSpeeds known;
    private final Map<PeerId, PeerEstimates> peers = new TreeMap<>();
    private final Map<Long, Ticket> open = new HashMap<>();
    private long nextTicket;
    private int hedgesOpen;

    /** @param requestTimeout a request's deadline; a suspect peer is expected to take this long */
    public PeerScheduler(SchedulingSettings settings, Duration requestTimeout, LongSupplier nanos) {
        this(settings, requestTimeout, nanos, new PeerSpeeds());
    }

    /**
     * @param known what earlier clusters measured; this scheduler starts from it and adds to it
     */
    public PeerScheduler(SchedulingSettings settings, Duration requestTimeout, LongSupplier nanos, PeerSpeeds known) {
        this.known = known;
        this.settings = settings;
        this.timeoutNanos = requestTimeout.toNanos();
        this.nanos = nanos;
    }

    public void add(PeerId peer) {
        peers.computeIfAbsent(peer, p -> new PeerEstimates(settings, p, known));
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
        return dispatch(ANY_KIND, tried, eligible);
    }

    /**
     * {@link #dispatch(Set, Predicate)} for a request of {@code kind}: each kind is measured on its
     * own, since answers of different kinds (a batch set's info, a history chunk) differ in size by
     * orders of magnitude, and a peer fast at small answers may be slow at large ones.
     */
    public Optional<Dispatch> dispatch(String kind, Set<PeerId> tried, Predicate<PeerId> eligible) {
        // an untried peer is preferred, unless it is a suspect whose one request is still open
        boolean untriedLeft =
                peers.keySet().stream().filter(eligible).anyMatch(p -> !tried.contains(p) && tier(p, kind) < 2);
        Optional<PeerId> best = peers.keySet().stream()
                .filter(eligible)
                .filter(p -> !untriedLeft || !tried.contains(p))
                .min(Comparator.<PeerId>comparingInt(p -> tier(p, kind))
                        .thenComparingLong(p -> expectedNanos(p, kind))
                        .thenComparing(p -> p));
        return best.map(p -> open(p, kind, false));
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
        String kind = t.kind();
        // the head goes to whichever peer answers it first, queue included; others only to idle room
        boolean head = isHead(ticket, t);
        Optional<PeerId> other = peers.keySet().stream()
                .filter(p -> !tried.contains(p) && !p.equals(t.peer()) && (head ? usable(p, kind) : hasRoom(p, kind)))
                .min(Comparator.<PeerId>comparingLong(p -> expectedNanos(p, kind))
                        .thenComparing(p -> p));
        if (other.isPresent()
                && hedgesOpen < settings.maxHedges()
                && age >= settings.minHedgeDelay().toNanos()) {
            double factor = settings.hedgeFactor();
            long there = expectedNanos(other.get(), kind);
            // overdue: a duplicate only helps at a peer expected to answer within what was waited already
            boolean overdue = age >= factor * t.expectedNanos() && there <= Math.max(t.expectedNanos(), age);
            // the oldest open request of its kind holds the ordered stream's head: re-ask as soon as
            // waiting for it costs more than asking again; others only when it is much faster there
            double margin = head ? 1 : factor;
            boolean fasterThere = t.expectedNanos() - age > margin * there;
            if (overdue || fasterThere) {
                return new HedgeDecision.Hedge(open(other.get(), kind, true));
            }
        }
        return new HedgeDecision.Wait(checkAfter(t.expectedNanos()));
    }

    /**
     * Whether {@code t} is the first try of the oldest request of its kind still open: the one an
     * ordered stream waits for (first tries are dispatched in stream order; retries count as new).
     */
    private boolean isHead(long ticket, Ticket t) {
        return !t.hedge()
                && open.entrySet().stream()
                        .filter(en ->
                                !en.getValue().hedge() && en.getValue().kind().equals(t.kind()))
                        .allMatch(en -> en.getKey() >= ticket);
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
        PeerEstimates es = peers.get(t.peer());
        if (es == null) {
            return;
        }
        PeerEstimate e = es.of(t.kind());
        e.ended();
        switch (outcome) {
            case ANSWERED -> es.answered(t.kind(), e, t.sentNanos(), nanos.getAsLong());
            case TIMED_OUT -> es.timedOut(e);
            case OVERLOADED -> e.overloaded();
            // its open tickets still end normally; it is dispatched again once added again (it rejoined)
            case GONE -> peers.remove(t.peer());
            case LOST -> {}
        }
    }

    /** Requests open at {@code peer} (0 for an unknown peer). */
    public int outstanding(PeerId peer) {
        PeerEstimates e = peers.get(peer);
        return e == null ? 0 : e.of(ANY_KIND).outstanding();
    }

    /** Requests {@code peer} may have open at once now (0 for an unknown peer). */
    public int window(PeerId peer) {
        PeerEstimates e = peers.get(peer);
        return e == null ? 0 : e.of(ANY_KIND).window();
    }

    public boolean isSuspect(PeerId peer) {
        PeerEstimates e = peers.get(peer);
        return e != null && e.of(ANY_KIND).suspect();
    }

    /** Expected time until a new request sent to {@code peer} now is answered. */
    public Duration expected(PeerId peer) {
        return Duration.ofNanos(expectedNanos(peer, ANY_KIND));
    }

    private Dispatch open(PeerId peer, String kind, boolean hedge) {
        long expected = expectedNanos(peer, kind);
        long ticket = nextTicket++;
        open.put(ticket, new Ticket(peer, kind, nanos.getAsLong(), expected, hedge));
        peers.get(peer).of(kind).sent();
        if (hedge) {
            hedgesOpen++;
        }
        return new Dispatch(ticket, peer, checkAfter(expected));
    }

    /**
     * 0: usable; 1: a last resort — suspect and idle; 2: only when nothing else is left — suspect
     * with its one request open, or never measured in this kind with its initial window open
     * (unproven: it gets more once it answers); 3: after those — a peer that has answered nothing
     * while others have, or is known slow, with its one probe open. A peer unproven in this kind gets one probe only
     * when it answered nothing yet or another kind showed it more than {@code hedgeFactor} times
     * slower than the best. Among usable peers the expected answer time decides alone: a fast peer
     * with a queue still answers before a slow idle one (issue 12: a slow peer holding requests a
     * fast one would have answered sooner delays the ordered stream and, with its answers still
     * on the wire, every later request to it).
     */
    private int tier(PeerId peer, String kind) {
        PeerEstimate e = peers.get(peer).of(kind);
        if (e.suspect()) {
            return e.outstanding() == 0 ? 1 : 2;
        }
        if (!e.measured()) {
            // unproven: no more until it answers; one only if another kind showed it slower than the best
            boolean unknown = unknown(peer);
            boolean slow = unknown || slowdown(peer, kind) > settings.hedgeFactor();
            // a peer that answered nothing gets no probe of a new kind while any request of it is open
            int open = unknown ? peers.get(peer).outstanding() : e.outstanding();
            return open < (slow ? 1 : e.window()) ? 0 : slow ? 3 : 2;
        }
        return 0;
    }

    /** Measured in {@code kind} and not suspect: its expected time, queue included, can be trusted. */
    private boolean usable(PeerId peer, String kind) {
        PeerEstimate e = peers.get(peer).of(kind);
        return !e.suspect() && (e.measured() || hasRoom(peer, kind));
    }

    /** Idle capacity: fewer requests open than its window, and not suspect. */
    private boolean hasRoom(PeerId peer, String kind) {
        PeerEstimate e = peers.get(peer).of(kind);
        if (unknown(peer)) {
            return !e.suspect() && peers.get(peer).outstanding() == 0; // one probe in all
        }
        return !e.suspect() && e.outstanding() < e.window();
    }

    /** Answered nothing yet while another peer has. */
    private boolean unknown(PeerId peer) {
        return peers.get(peer).measuredKinds().isEmpty() && anyMeasured();
    }

    private long expectedNanos(PeerId peer, String kind) {
        PeerEstimate e = peers.get(peer).of(kind);
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
                    .map(x -> x.of(kind))
                    .filter(x -> x.measured() && !x.suspect())
                    .mapToLong(PeerEstimate::minRttNanos)
                    .min()
                    .orElse(0);
            rate = peers.values().stream()
                            .map(x -> x.of(kind))
                            .filter(x -> x.measured() && !x.suspect())
                            .mapToDouble(PeerEstimate::rate)
                            .max()
                            .orElse(PRIOR_RATE)
                    / slowdown(peer, kind);
        }
        // the answer leaves after those already queued at the peer, and never sooner than a round trip
        return (long) Math.max(rtt, (e.outstanding() + 1) * 1e9 / rate);
    }

    /** Whether any peer has answered anything yet. */
    private boolean anyMeasured() {
        return peers.values().stream().anyMatch(x -> !x.measuredKinds().isEmpty());
    }

    /**
     * How many times slower than the fastest peer {@code peer} answered another kind of request than
     * {@code kind} (the largest such ratio; 1 when nothing tells): the prior for a kind it has not
     * answered yet, since the first history chunks of a cluster go out right after its batch sets.
     */
    private double slowdown(PeerId peer, String kind) {
        double worst = 1;
        for (String other : peers.get(peer).measuredKinds()) {
            if (other.equals(kind)) {
                continue;
            }
            PeerEstimate mine = peers.get(peer).of(other);
            double best = peers.values().stream()
                    .map(x -> x.of(other))
                    .filter(x -> x.measured() && !x.suspect())
                    .mapToDouble(x -> 1e9 / x.expectedAloneNanos())
                    .max()
                    .orElse(0);
            worst = Math.max(worst, best * mine.expectedAloneNanos() / 1e9);
        }
        return worst;
    }

    private Duration checkAfter(long expectedNanos) {
        return Duration.ofNanos(Math.max(settings.minHedgeDelay().toNanos(), expectedNanos / 2));
    }
}
