package io.hms.actors.cli;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.node.HeadCheck;
import io.hms.actors.node.SyncingNode;
import io.hms.actors.sync.SyncStatus;
import io.hms.actors.transport.DialStatus;
import io.hms.actors.transport.PeerTraffic;
import io.hms.engine.store.ChainView;
import io.hms.engine.sync.PeerId;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code hms sync} (and of the sync inside {@code hms demo}): waits until the node is
 * synced or clearly cannot be, then describes each dialed peer's result and checks that the Good
 * peers' heads are ours.
 */
final class SyncSession {
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration ASK = Duration.ofSeconds(10);

    private final SyncingNode node;
    private final ChainView chain;
    private final Clock clock;
    private final Instant start;

    SyncSession(SyncingNode node, ChainView chain, Clock clock) {
        this.node = node;
        this.chain = chain;
        this.clock = clock;
        this.start = clock.instant();
    }

    enum Outcome {
        SYNCED,
        /** Every dialed peer is unusable: unreachable, refused, Outdated or Incompatible, and nothing is pending. */
        NO_USABLE_PEER,
        TIMED_OUT,
        FAILED
    }

    record Result(Outcome outcome, String message) {}

    /**
     * One dialed peer's line of output.
     *
     * @param code the technical code of the reason (e.g. {@code UNKNOWN_LOCATORS}), for JSON
     * @param detail the reason in plain words ({@link PeerReasons})
     * @param technical what the sync said beyond the code (e.g. the ids a peer sent), for JSON
     */
    record PeerLine(
            PeerId peer, String result, String code, String detail, String technical, Optional<HeadCheck.Result> head) {
        PeerLine(PeerId peer, String result, PeerReasons.PeerReason reason, String technical) {
            this(peer, result, reason.code(), reason.text(), technical, Optional.empty());
        }

        boolean goodWithOurHead() {
            return head.isPresent() && head.get() == HeadCheck.Result.SAME_HEAD;
        }
    }

    /**
     * Waits for the first Synced. A dialed peer counts as unusable once it has a result other than
     * Good, once we gave up dialing it, or if it never connected within {@code connectGrace}.
     */
    Result await(Duration timeout, Duration connectGrace) throws Exception {
        Instant deadline = start.plus(timeout);
        while (true) {
            try {
                SyncEvent.Synced s =
                        node.firstSynced().toCompletableFuture().get(POLL.toMillis(), TimeUnit.MILLISECONDS);
                return new Result(Outcome.SYNCED, "synced to block " + s.headBlockNumber());
            } catch (java.util.concurrent.TimeoutException notYet) {
                // keep waiting
            } catch (java.util.concurrent.ExecutionException failed) {
                return new Result(Outcome.FAILED, failed.getCause().getMessage());
            }
            Instant now = clock.instant();
            if (now.isAfter(deadline)) {
                return new Result(Outcome.TIMED_OUT, "not synced within " + Units.duration(timeout));
            }
            if (idle() && allUnusable(now.isAfter(start.plus(connectGrace)))) {
                return new Result(Outcome.NO_USABLE_PEER, "no peer could be synced from");
            }
        }
    }

    /** Waits up to {@code grace} for every connected dialed peer to have a result. */
    void settle(Duration grace) throws InterruptedException {
        Instant until = clock.instant().plus(grace);
        while (clock.instant().isBefore(until)) {
            Map<PeerId, MacroSyncReturn> results = node.results();
            boolean all = node.dialedPeers().stream()
                    .allMatch(p -> results.containsKey(p)
                            || node.network().dialStatus(p).map(d -> !d.open()).orElse(true));
            if (all) {
                return;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    List<PeerLine> peerLines() throws Exception {
        Map<PeerId, MacroSyncReturn> results = node.results();
        Map<PeerId, SyncEvent.PeerBanned> banned = node.banned();
        Map<PeerId, PeerTraffic.Snapshot> traffic = node.network().traffic();
        List<PeerLine> lines = new ArrayList<>();
        for (PeerId peer : node.dialedPeers()) {
            MacroSyncReturn r = results.get(peer);
            Optional<DialStatus> dial = node.network().dialStatus(peer);
            if (banned.containsKey(peer)) {
                SyncEvent.PeerBanned b = banned.get(peer);
                lines.add(new PeerLine(peer, "Banned", PeerReasons.banned(b.fault()), b.detail()));
            } else if (r instanceof MacroSyncReturn.Good) {
                HeadCheck.Result head = HeadCheck.check(node.network(), peer, chain, ASK)
                        .toCompletableFuture()
                        .get();
                PeerReasons.PeerReason reason = PeerReasons.head(head);
                PeerTraffic.Snapshot t = traffic.getOrDefault(peer, PeerTraffic.Snapshot.NONE);
                String text = PeerReasons.withUnanswered(
                        reason.text(), t.requestsSent() + t.requestsOpen(), t.requestsFailed() + t.requestsOpen());
                lines.add(new PeerLine(peer, "Good", reason.code(), text, "", Optional.of(head)));
            } else if (r instanceof MacroSyncReturn.Outdated o) {
                lines.add(new PeerLine(peer, "Outdated", PeerReasons.outdated(o.reason()), o.detail()));
            } else if (r instanceof MacroSyncReturn.Incompatible i) {
                lines.add(new PeerLine(peer, "Incompatible", PeerReasons.incompatible(i.services()), ""));
            } else {
                lines.add(new PeerLine(
                        peer,
                        "no result",
                        dial.flatMap(DialStatus::lastClose).map(Enum::name).orElse("NO_CONNECTION"),
                        dial.map(SyncSession::describe).orElse("never dialed"),
                        "",
                        Optional.empty()));
            }
        }
        return lines;
    }

    static void print(List<PeerLine> lines, PrintWriter w) {
        int width =
                lines.stream().mapToInt(l -> l.peer().value().length()).max().orElse(10);
        for (PeerLine l : lines) {
            w.printf("  %-" + width + "s  %-12s  %s%n", l.peer().value(), l.result(), l.detail());
        }
    }

    Duration elapsed() {
        return Duration.between(start, clock.instant());
    }

    private boolean idle() throws Exception {
        SyncStatus s = node.sync().status().toCompletableFuture().get(ASK.toMillis(), TimeUnit.MILLISECONDS);
        return s.activatedClusters() == 0
                && s.queuedJobs() == 0
                && s.epochIdRequests() == 0
                && s.waitingEpochClusters() == 0
                && s.waitingCheckpointClusters() == 0;
    }

    private boolean allUnusable(boolean pastGrace) {
        Map<PeerId, MacroSyncReturn> results = node.results();
        for (PeerId peer : node.dialedPeers()) {
            MacroSyncReturn r = results.get(peer);
            if (r instanceof MacroSyncReturn.Good) {
                return false;
            }
            if (r == null) {
                Optional<DialStatus> dial = node.network().dialStatus(peer);
                boolean hopeless = dial.map(DialStatus::gaveUp).orElse(true)
                        || (pastGrace && !dial.get().open());
                if (!hopeless) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String describe(DialStatus d) {
        if (d.open()) {
            return "connected, no result yet";
        }
        String last = d.lastClose().map(r -> PeerReasons.closed(r).text()).orElse("no connection yet");
        return last + "; " + Units.count(d.attempts(), "attempt") + (d.gaveUp() ? ", gave up" : "");
    }
}
