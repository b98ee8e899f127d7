package io.hms.engine.sync.peers;

import io.hms.engine.sync.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A discrete-event model of one cluster downloading {@code requests} equal answers through an
 * ordered window (the stream's {@code mapAsync(window)}) from peers behind shaped links, scheduled by
 * a {@link PeerScheduler}, with its duplicates. A link works like {@code hms serve --latency
 * --bandwidth}: each answer waits the latency, then leaves paced at the bandwidth, one after the
 * other. A silent link never answers; its tries end at the request timeout. Time is simulated.
 */
final class LinkSimulation {

    /** A peer's link: {@code latency} per answer, {@code bytesPerSecond} (0: silent). */
    record Link(Duration latency, long bytesPerSecond) {
        static Link of(long latencyMs, long megabytesPerSecond) {
            return new Link(Duration.ofMillis(latencyMs), megabytesPerSecond * 1_000_000);
        }

        static Link silent() {
            return new Link(Duration.ZERO, 0);
        }
    }

    /**
     * How long the download took, when every link had sent its last answer (duplicates that lost
     * included: a next request to that peer, such as the next MacroChain, waits behind them), and
     * the answers each peer sent (duplicates included).
     */
    record Result(Duration took, Duration drained, Map<PeerId, Integer> served, int duplicates) {
        double bytesPerSecond(int requests, long answerBytes) {
            return requests * (double) answerBytes / (took.toNanos() / 1e9);
        }
    }

    private record Event(long at, long seq, Runnable action) {}

    private final SchedulingSettings settings;
    private final Duration timeout;
    private final long answerBytes;

    LinkSimulation(SchedulingSettings settings, Duration timeout, long answerBytes) {
        this.settings = settings;
        this.timeout = timeout;
        this.answerBytes = answerBytes;
    }

    /** One request: its kind (measured on its own) and the size of its answer. */
    record Ask(String kind, long answerBytes) {}

    Result run(Map<PeerId, Link> links, int requests, int window) {
        return run(
                links, java.util.Collections.nCopies(requests, new Ask(PeerScheduler.ANY_KIND, answerBytes)), window);
    }

    Result run(Map<PeerId, Link> links, List<Ask> asks, int window) {
        return run(links, asks, window, new PeerSpeeds());
    }

    /** {@link #run}, the scheduler starting from and adding to {@code known} (as later clusters do). */
    Result run(Map<PeerId, Link> links, List<Ask> asks, int window, PeerSpeeds known) {
        int requests = asks.size();
        long[] now = {0};
        long[] seq = {0};
        PriorityQueue<Event> events = new PriorityQueue<>(
                (a, b) -> a.at() != b.at() ? Long.compare(a.at(), b.at()) : Long.compare(a.seq(), b.seq()));
        PeerScheduler scheduler = new PeerScheduler(settings, timeout, () -> now[0], known);
        links.keySet().forEach(scheduler::add);
        Map<PeerId, Long> linkFree = new HashMap<>();
        Map<PeerId, Integer> served = new LinkedHashMap<>();
        links.keySet().forEach(p -> served.put(p, 0));
        boolean[] done = new boolean[requests];
        List<Set<PeerId>> tried = new ArrayList<>();
        int[] head = {0};
        int[] started = {0};
        int[] duplicates = {0};

        class Sim {
            void at(long t, Runnable r) {
                events.add(new Event(t, seq[0]++, r));
            }

            void fill() {
                while (started[0] < requests && started[0] < head[0] + window) {
                    int s = started[0];
                    if (s > 0 && !asks.get(s).kind().equals(asks.get(s - 1).kind()) && head[0] < s) {
                        break; // a batch set's info gates its chunks: a new kind waits for the previous one
                    }
                    int i = started[0]++;
                    tried.add(new HashSet<>());
                    send(
                            i,
                            scheduler
                                    .dispatch(asks.get(i).kind(), tried.get(i), p -> true)
                                    .orElseThrow());
                }
            }

            void send(int i, Dispatch d) {
                tried.get(i).add(d.peer());
                Link link = links.get(d.peer());
                long sent = now[0];
                if (link.bytesPerSecond() == 0) {
                    at(sent + timeout.toNanos(), () -> ended(i, d, TryOutcome.TIMED_OUT));
                } else {
                    long start = Math.max(sent + link.latency().toNanos(), linkFree.getOrDefault(d.peer(), 0L));
                    long arrives = start + asks.get(i).answerBytes() * 1_000_000_000L / link.bytesPerSecond();
                    linkFree.put(d.peer(), arrives);
                    at(arrives, () -> ended(i, d, TryOutcome.ANSWERED));
                }
                at(sent + d.checkAfter().toNanos(), () -> check(i, d.ticket()));
            }

            void check(int i, long ticket) {
                if (done[i]) {
                    return;
                }
                HedgeDecision h = scheduler.hedge(ticket, tried.get(i));
                if (h instanceof HedgeDecision.Hedge hedge) {
                    duplicates[0]++;
                    send(i, hedge.dispatch());
                } else {
                    at(now[0] + ((HedgeDecision.Wait) h).checkAfter().toNanos(), () -> check(i, ticket));
                }
            }

            void ended(int i, Dispatch d, TryOutcome outcome) {
                scheduler.ended(d.ticket(), outcome);
                if (outcome == TryOutcome.ANSWERED) {
                    served.merge(d.peer(), 1, Integer::sum);
                    done[i] = true;
                } else if (!done[i]) {
                    send(
                            i,
                            scheduler
                                    .dispatch(asks.get(i).kind(), tried.get(i), p -> true)
                                    .orElseThrow());
                }
                while (head[0] < requests && done[head[0]]) {
                    head[0]++;
                }
                fill();
            }
        }
        Sim sim = new Sim();
        sim.fill();
        while (head[0] < requests) {
            Event e = events.poll();
            now[0] = e.at();
            e.action().run();
        }
        long drained =
                linkFree.values().stream().mapToLong(Long::longValue).max().orElse(0);
        return new Result(Duration.ofNanos(now[0]), Duration.ofNanos(Math.max(now[0], drained)), served, duplicates[0]);
    }
}
