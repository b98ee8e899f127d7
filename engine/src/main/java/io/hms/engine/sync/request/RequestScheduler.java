package io.hms.engine.sync.request;

import io.hms.engine.sync.PeerId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Ordered, windowed, retrying requests over a set of peers, as pure bookkeeping: the replacement of
 * the original's SyncQueue (SPEC §4.8). The owner sends the {@link Assignment}s it gets, reports
 * each try's outcome, and drains results, which come out strictly in request order. Owned by one
 * actor; not thread-safe; no clock (timeouts are reported as {@link FailureKind#TIMEOUT}).
 *
 * <ul>
 *   <li>At most {@code window} requests are in flight or finished but not yet drained.
 *   <li>New requests go to the peers round-robin. A failed try is retried on another peer: the
 *       first one after the failed peer that has not tried this request yet, else the next one.
 *       A request gets {@code clamp(peers, minAttempts, maxAttempts)} tries, counted with the peers
 *       present when a try fails, so with one peer that peer is asked {@code minAttempts} times;
 *       tries spent on peers later excluded as liars are not counted.
 *   <li>A peer whose answer was {@link FailureKind#INVALID} is excluded for good: never asked
 *       again and not re-added; its other outstanding tries are retried elsewhere at once.
 *   <li>A request whose every try failed, or that finds no peer, is released as {@link
 *       Released.Failed} in its turn.
 *   <li>Outcomes of tries that were given up are answered {@link Ack#STALE} and ignored.
 * </ul>
 *
 * @param <R> the request (e.g. a batch-set hash or a chunk request)
 * @param <T> the result
 */
public final class RequestScheduler<R, T> {
  private final int window;
  private final int minAttempts;
  private final int maxAttempts;
  private final List<PeerId> peers = new ArrayList<>();
  private final Set<PeerId> excluded = new HashSet<>();
  private final ArrayDeque<Attempt<R>> toRequest = new ArrayDeque<>();
  private final TreeMap<Long, Attempt<R>> inFlight = new TreeMap<>();
  private final TreeMap<Long, Outcome<R, T>> buffered = new TreeMap<>();
  private long nextIndex;
  private long nextOut;
  private int roundRobin = -1;

  public RequestScheduler(Collection<PeerId> peers, int window, int minAttempts, int maxAttempts) {
    if (window < 1 || minAttempts < 1 || maxAttempts < minAttempts) {
      throw new IllegalArgumentException("window " + window + ", attempts " + minAttempts + ".." + maxAttempts);
    }
    this.window = window;
    this.minAttempts = minAttempts;
    this.maxAttempts = maxAttempts;
    peers.forEach(this::addPeer);
  }

  /** Queues a request; returns its index (its position in the output order). */
  public long add(R request) {
    Attempt<R> a = new Attempt<>(nextIndex++, request);
    toRequest.addLast(a);
    return a.index;
  }

  public void addAll(Collection<? extends R> requests) {
    requests.forEach(this::add);
  }

  /** The tries to send now: retries of failed tries first, then new requests while the window allows. */
  public List<Assignment<R>> nextAssignments() {
    List<Assignment<R>> out = new ArrayList<>();
    for (Attempt<R> a : new ArrayList<>(inFlight.values())) {
      if (a.peer == null) {
        if (peers.isEmpty()) {
          giveUp(a, FailureKind.NO_PEERS);
        } else {
          out.add(assign(a, retryPeer(a)));
        }
      }
    }
    while (!toRequest.isEmpty() && inFlight.size() + buffered.size() < window) {
      Attempt<R> a = toRequest.pollFirst();
      if (peers.isEmpty()) {
        giveUp(a, FailureKind.NO_PEERS);
        continue;
      }
      roundRobin = (roundRobin + 1) % peers.size();
      out.add(assign(a, peers.get(roundRobin)));
    }
    return out;
  }

  public Ack onSuccess(long index, PeerId peer, T result) {
    Attempt<R> a = inFlight.get(index);
    if (a == null || !peer.equals(a.peer)) {
      return Ack.STALE;
    }
    inFlight.remove(index);
    buffered.put(index, new Outcome.Success<>(a, result, peer));
    return Ack.ACCEPTED;
  }

  public Ack onFailure(long index, PeerId peer, FailureKind kind) {
    Attempt<R> a = inFlight.get(index);
    if (a == null || !peer.equals(a.peer)) {
      return Ack.STALE;
    }
    a.release();
    if (kind.excludesPeer()) {
      exclude(peer);
    }
    fail(a, kind);
    return Ack.ACCEPTED;
  }

  /** Releases finished requests in order, accepting every result. */
  public List<Released<R, T>> drainInOrder() {
    return drainInOrder(InOrderCheck.acceptAll());
  }

  /**
   * Releases finished requests in order. Each result passes {@code check} first, in order; a
   * rejected result counts as a failed try of its peer and stops the draining until it is retried.
   */
  public List<Released<R, T>> drainInOrder(InOrderCheck<? super R, ? super T> check) {
    List<Released<R, T>> out = new ArrayList<>();
    Outcome<R, T> next;
    while ((next = buffered.remove(nextOut)) != null) {
      if (next instanceof Outcome.Success<R, T> s) {
        Optional<FailureKind> rejected = check.check(s.attempt.request, s.result, s.peer);
        if (rejected.isPresent()) {
          s.attempt.release();
          if (rejected.get().excludesPeer()) {
            exclude(s.peer);
          }
          fail(s.attempt, rejected.get());
          continue;
        }
        out.add(new Released.Delivered<>(nextOut, s.attempt.request, s.result, s.peer));
      } else {
        Outcome.Failure<R, T> f = (Outcome.Failure<R, T>) next;
        out.add(new Released.Failed<>(nextOut, f.attempt.request, f.kind, f.attempt.tries));
      }
      nextOut++;
    }
    return out;
  }

  /** Adds a peer at the end of the rotation; false if present or excluded. */
  public boolean addPeer(PeerId peer) {
    if (excluded.contains(peer) || peers.contains(peer)) {
      return false;
    }
    return peers.add(peer);
  }

  /** The peer is gone: its outstanding tries fail with {@link FailureKind#PEER_LEFT} and are retried elsewhere. */
  public void removePeer(PeerId peer) {
    if (!peers.remove(peer)) {
      return;
    }
    for (Attempt<R> a : new ArrayList<>(inFlight.values())) {
      if (peer.equals(a.peer)) {
        a.release();
        fail(a, FailureKind.PEER_LEFT);
      }
    }
  }

  /** Never ask {@code peer} again (it lied); its outstanding tries are retried elsewhere. */
  public void exclude(PeerId peer) {
    excluded.add(peer);
    removePeer(peer);
  }

  /**
   * Forgets every request at index ≥ {@code end}, queued, in flight or finished (a split cut the
   * cluster there); their late outcomes are {@link Ack#STALE}. Requests added later get indices
   * from {@code end} on.
   */
  public void truncate(long end) {
    toRequest.removeIf(a -> a.index >= end);
    inFlight.tailMap(end, true).clear();
    buffered.tailMap(end, true).clear();
    nextIndex = Math.max(Math.min(nextIndex, end), nextOut);
  }

  /** Nothing queued, in flight or waiting to be drained. */
  public boolean isIdle() {
    return toRequest.isEmpty() && inFlight.isEmpty() && buffered.isEmpty();
  }

  public List<PeerId> peers() {
    return List.copyOf(peers);
  }

  public Set<PeerId> excluded() {
    return Set.copyOf(excluded);
  }

  /** Tries out or waiting to be retried. */
  public int inFlightCount() {
    return inFlight.size();
  }

  public int queuedCount() {
    return toRequest.size();
  }

  private Assignment<R> assign(Attempt<R> a, PeerId peer) {
    a.peer = peer;
    a.tries++;
    a.triesByPeer.merge(peer, 1, Integer::sum);
    a.cursor = peers.indexOf(peer);
    inFlight.put(a.index, a);
    return new Assignment<>(a.index, a.request, peer, a.tries);
  }

  /**
   * After a failed try (peer already released): retry later if allowed, else give up. Tries that
   * went to peers since excluded as liars do not count: a liar's answer says nothing about whether
   * the honest peers can serve, and several liars must not use up a request's tries.
   */
  private void fail(Attempt<R> a, FailureKind kind) {
    int counted = 0;
    for (var e : a.triesByPeer.entrySet()) {
      counted += excluded.contains(e.getKey()) ? 0 : e.getValue();
    }
    if (!peers.isEmpty() && counted < Math.max(minAttempts, Math.min(maxAttempts, peers.size()))) {
      inFlight.put(a.index, a);
    } else {
      giveUp(a, kind);
    }
  }

  private void giveUp(Attempt<R> a, FailureKind kind) {
    inFlight.remove(a.index);
    buffered.put(a.index, new Outcome.Failure<>(a, kind));
  }

  private PeerId retryPeer(Attempt<R> a) {
    int n = peers.size();
    int failedAt = a.failedPeer == null ? -1 : peers.indexOf(a.failedPeer);
    int start = failedAt >= 0 ? failedAt + 1 : Math.max(a.cursor, 0);
    for (int i = 0; i < n; i++) {
      PeerId p = peers.get((start + i) % n);
      if (!a.triesByPeer.containsKey(p)) {
        return p;
      }
    }
    return peers.get(start % n);
  }

  /** One request and its tries so far. {@code peer} is null while it waits for a (re)try. */
  private static final class Attempt<R> {
    final long index;
    final R request;
    final Map<PeerId, Integer> triesByPeer = new HashMap<>();
    PeerId peer;
    PeerId failedPeer;
    int cursor = -1;
    int tries;

    Attempt(long index, R request) {
      this.index = index;
      this.request = request;
    }

    void release() {
      failedPeer = peer;
      peer = null;
    }
  }

  private sealed interface Outcome<R, T> {
    record Success<R, T>(Attempt<R> attempt, T result, PeerId peer) implements Outcome<R, T> {}

    record Failure<R, T>(Attempt<R> attempt, FailureKind kind) implements Outcome<R, T> {}
  }
}
