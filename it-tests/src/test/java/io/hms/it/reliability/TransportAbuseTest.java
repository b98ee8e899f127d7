package io.hms.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.node.SyncingNode;
import io.hms.actors.transport.CloseReason;
import io.hms.actors.transport.DialStatus;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.engine.testing.TestChains.TestChain;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Peers that abuse the transport ({@link RawPeer.Abuse}: dropping mid-response, garbage, oversize
 * and unknown-type frames, responses of the wrong family or never asked for, a request flood),
 * each next to an honest peer: the syncing node completes with the honest store and a clean scan,
 * the abuse was committed, and an honest peer is never banned.
 */
class TransportAbuseTest {
    @TempDir
    Path dir;

    private ReliabilityNet net;
    private final List<SyncEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        net = new ReliabilityNet(dir);
    }

    @AfterEach
    void stop() throws Exception {
        net.close();
    }

    @ParameterizedTest
    @EnumSource(RawPeer.Abuse.class)
    void anAbusivePeerNextToAnHonestOneCannotStopOrCorruptTheSync(RawPeer.Abuse abuse) throws Exception {
        TestChain source = net.chain("source", LyingPeersTest.CHAIN);
        RawPeer abuser = net.track(RawPeer.start(source.chain(), abuse));
        TestChain node = net.emptyChain("node", LyingPeersTest.CHAIN);
        SyncingNode syncing = net.sync(node, List.of());
        syncing.addListener(events::add);
        PeerId abusive = syncing.dial(abuser.address());
        PeerId honest = syncing.dial(net.honest(source.chain()));

        ReliabilityNet.awaitSynced(syncing);

        ReliabilityNet.assertSameChainAndClean(node.chain(), source.chain());
        assertThat(abuser.abuses()).as("the abuse was committed").isPositive();
        assertThat(events)
                .noneMatch(e -> e instanceof SyncEvent.PeerBanned b && b.peer().equals(honest));
        assertThat(syncing.results().get(honest)).isInstanceOf(MacroSyncReturn.Good.class);
        DialStatus status = syncing.network().dialStatus(abusive).orElseThrow();
        System.out.printf(
                "reliability abuse=%s abuses=%d honestAnswers=%d rateLimited=%d result=%s dial=%s banned=%s%n",
                abuse,
                abuser.abuses(),
                abuser.honestAnswers(),
                abuser.rateLimitedAnswers(),
                syncing.results().get(abusive),
                status,
                events.stream().filter(e -> e instanceof SyncEvent.PeerBanned).toList());
        switch (abuse) {
            case GARBAGE_FRAME -> assertBreachBanned(abusive, status, CloseReason.MALFORMED_FRAME);
            case OVERSIZE_FRAME -> assertBreachBanned(abusive, status, CloseReason.OVERSIZE_FRAME);
            case UNKNOWN_TYPE -> assertBreachBanned(abusive, status, CloseReason.UNKNOWN_TYPE);
            case DROP_MID_RESPONSE -> assertThat(status.lastClose()).contains(CloseReason.REMOTE_CLOSED);
            case FLOOD ->
                assertThat(abuser.rateLimitedAnswers())
                        .as("requests beyond the serving quota answered RATE_LIMITED")
                        .isPositive();
            case UNSOLICITED_RESPONSE ->
                assertThat(syncing.results().get(abusive))
                        .as("unsolicited responses are dropped")
                        .isInstanceOf(MacroSyncReturn.Good.class);
            case WRONG_RESPONSE_TYPE ->
                assertThat(abuser.honestAnswers())
                        .as("only its honest answers were used")
                        .isPositive();
        }
    }

    /** A peer that broke the wire protocol is banned (reported PeerBanned) and not dialed again. */
    private void assertBreachBanned(PeerId abusive, DialStatus status, CloseReason reason) {
        assertThat(status.lastClose()).contains(reason);
        assertThat(status.gaveUp()).as("not dialed again").isTrue();
        assertThat(events)
                .anyMatch(e -> e instanceof SyncEvent.PeerBanned b
                        && b.peer().equals(abusive)
                        && b.fault().equals(new PeerFault.Breach(reason.name())));
    }
}
