package io.hms.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.engine.ban.BanBook;
import io.hms.engine.ban.BanKey;
import io.hms.engine.ban.BanRecord;
import io.hms.engine.ban.BanSettings;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.protocol.Policy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksBanStoreTest {
    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void shouldKeepBansAcrossAReopenWhenTheStoreIsClosedAndOpened() throws Exception {
        TestChain test = new TestChain(72, Policy.UNIT);
        BanKey ip = new BanKey.Address("127.0.0.2");
        BanKey other = new BanKey.Address("127.0.0.3");
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), StoreOptions.ARCHIVE)) {
            BanBook book = new BanBook(
                    new BanSettings(java.time.Duration.ofHours(1), java.time.Duration.ofHours(8), 1), clock);
            chain.peerBans().save(book.ban(List.of(other), new PeerFault.Breach("OVERSIZE_FRAME")));
            chain.peerBans().save(book.ban(List.of(ip), new PeerFault.Breach("MALFORMED_FRAME")));
        }
        try (Blockchain chain = RocksDbBlockchain.open(dir, StoreOptions.ARCHIVE)) {
            List<BanRecord> saved = chain.peerBans().load();

            assertThat(saved)
                    .extracting(BanRecord::key)
                    .as("the evicted key was deleted")
                    .containsExactly(ip);
            assertThat(saved.get(0).reason()).isEqualTo("MALFORMED_FRAME");
        }
    }

    @Test
    void shouldFailTypedWhenTheStoreIsClosed() throws Exception {
        Blockchain chain = RocksDbBlockchain.create(dir, new TestChain(73, Policy.UNIT).spec(), StoreOptions.ARCHIVE);
        var bans = chain.peerBans();
        chain.close();

        assertThatThrownBy(bans::load)
                .isInstanceOf(UncheckedStoreException.class)
                .satisfies(
                        e -> assertThat(((UncheckedStoreException) e).unwrap().kind())
                                .isEqualTo(StoreException.Kind.CLOSED));
    }
}
