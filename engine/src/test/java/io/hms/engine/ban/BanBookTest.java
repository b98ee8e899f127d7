package io.hms.engine.ban;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.engine.sync.fault.PeerFault;
import io.hms.engine.sync.ingest.ChunkFault;
import io.hms.protocol.model.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class BanBookTest {
    private static final PeerFault LIE = new PeerFault.Breach("MALFORMED_FRAME");
    private static final BanKey IP = new BanKey.Address("10.0.0.7");
    private static final BanKey NODE = new BanKey.Node(ByteString.wrap("liar".getBytes(StandardCharsets.US_ASCII)));
    private static final BanSettings SETTINGS = new BanSettings(Duration.ofHours(1), Duration.ofHours(6), 3);

    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        Instant now = Instant.parse("2024-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final HandClock clock = new HandClock();
    private final BanBook book = new BanBook(SETTINGS, clock);

    @Test
    void shouldRefuseEveryKeyOfABannedPeerUntilTheBanExpiresWhenItLied() {
        BanBook.Change change = book.ban(List.of(IP, NODE), LIE);

        assertThat(change.written()).extracting(BanRecord::key).containsExactly(IP, NODE);
        assertThat(book.active(IP)).get().extracting(BanRecord::reason).isEqualTo("MALFORMED_FRAME");
        assertThat(book.active(NODE)).isPresent();
        assertThat(book.active(new BanKey.Address("10.0.0.8"))).isEmpty();
        clock.advance(Duration.ofMinutes(59));
        assertThat(book.active(IP)).isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(book.active(IP)).as("expired after an hour").isEmpty();
    }

    @Test
    void shouldDoubleTheBanUpToTheCapWhenTheSamePeerLiesAgainAfterItsBanExpired() {
        List<Duration> lengths = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            BanRecord r = book.ban(List.of(IP), LIE).written().get(0);
            lengths.add(Duration.between(r.since(), r.until()));
            clock.advance(Duration.between(r.since(), r.until()));
        }
        assertThat(lengths)
                .containsExactly(
                        Duration.ofHours(1),
                        Duration.ofHours(2),
                        Duration.ofHours(4),
                        Duration.ofHours(6),
                        Duration.ofHours(6));
    }

    @Test
    void shouldKeepTheOffenceCountWhenBannedAgainWhileTheBanRuns() {
        book.ban(List.of(IP), LIE);
        clock.advance(Duration.ofMinutes(30));
        BanRecord again = book.ban(List.of(IP), LIE).written().get(0);

        assertThat(again.offences()).isEqualTo(1);
        assertThat(again.until()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
    }

    @Test
    void shouldNeverBanWhenTheFaultDoesNotProveALie() {
        PeerFault notALie = new PeerFault.Chunk(ChunkFault.NOT_PENDING);

        assertThatThrownBy(() -> book.ban(List.of(IP), notALie)).isInstanceOf(IllegalArgumentException.class);
        assertThat(book.size()).isZero();
    }

    @Test
    void shouldForgetExpiredRecordsBeforeRunningBansWhenFull() {
        BanKey a = new BanKey.Address("10.0.0.1");
        BanKey b = new BanKey.Address("10.0.0.2");
        BanKey c = new BanKey.Address("10.0.0.3");
        BanKey d = new BanKey.Address("10.0.0.4");
        book.ban(List.of(a), LIE);
        clock.advance(Duration.ofMinutes(10));
        book.ban(List.of(b), LIE);
        clock.advance(Duration.ofMinutes(55)); // a expired, b runs
        book.ban(List.of(c), LIE);

        BanBook.Change change = book.ban(List.of(d), LIE);

        assertThat(change.forgotten()).containsExactly(a);
        assertThat(book.records()).extracting(BanRecord::key).containsExactly(b, c, d);
    }

    @Test
    void shouldForgetTheLeastRecentlyUsedBanWhenFullOfRunningBans() {
        BanKey a = new BanKey.Address("10.0.0.1");
        BanKey b = new BanKey.Address("10.0.0.2");
        BanKey c = new BanKey.Address("10.0.0.3");
        book.ban(List.of(a), LIE);
        book.ban(List.of(b), LIE);
        book.ban(List.of(c), LIE);
        book.active(a); // a keeps knocking: it is used, b is not

        BanBook.Change change = book.ban(List.of(new BanKey.Address("10.0.0.4")), LIE);

        assertThat(change.forgotten()).containsExactly(b);
        assertThat(book.active(a)).isPresent();
    }

    @Test
    void shouldRestoreSavedBansSoThatARestartDoesNotForgiveALiar() {
        BanStore store = BanStore.inMemory();
        store.save(book.ban(List.of(IP, NODE), LIE));
        clock.advance(Duration.ofMinutes(20));

        BanBook restored = BanBook.restore(SETTINGS, clock, store.load());

        assertThat(restored.active(IP)).isPresent();
        assertThat(restored.active(NODE)).isPresent();
        clock.advance(Duration.ofMinutes(40));
        assertThat(restored.active(IP)).isEmpty();
        assertThat(restored.ban(List.of(IP), LIE).written().get(0).offences())
                .as("its record outlived the ban")
                .isEqualTo(2);
    }

    @Test
    void shouldRoundTripRecordsThroughTheirCodec() throws Exception {
        for (BanKey key : List.of(IP, NODE, new BanKey.Endpoint("seed.example:8443"))) {
            BanRecord r = new BanRecord(key, "CHECKPOINT_WRONG_EPOCH", clock.instant(), clock.instant(), 3);
            assertThat(BanRecord.CODEC.decode(BanRecord.CODEC.encode(r))).isEqualTo(r);
        }
    }
}
