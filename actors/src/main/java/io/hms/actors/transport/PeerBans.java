package io.hms.actors.transport;

import io.hms.engine.ban.BanBook;
import io.hms.engine.ban.BanKey;
import io.hms.engine.ban.BanRecord;
import io.hms.engine.ban.BanSettings;
import io.hms.engine.ban.BanStore;
import io.hms.engine.sync.fault.PeerFault;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network's {@link BanBook}, shared by every connection, and where it is saved. Asked at
 * accept (the remote's IP), after each Hello (its node id) and before each dial (the endpoint).
 * A failure to save is logged and the ban kept in memory: the node still refuses the peer until it
 * restarts. Thread-safe (one lock; bans are rare, lookups cheap).
 */
final class PeerBans {
    private static final Logger LOG = LoggerFactory.getLogger(PeerBans.class);

    private final BanBook book;
    private final BanStore store;

    private PeerBans(BanBook book, BanStore store) {
        this.book = book;
        this.store = store;
    }

    /** The bans saved in {@code store}; an empty book (logged) if they cannot be read. */
    static PeerBans load(BanSettings settings, Clock clock, BanStore store) {
        List<BanRecord> saved;
        try {
            saved = store.load();
        } catch (RuntimeException e) {
            LOG.warn("could not read the saved peer bans, starting without them: {}", e.getMessage());
            saved = List.of();
        }
        BanBook book = BanBook.restore(settings, clock, saved);
        if (!book.activeBans().isEmpty()) {
            LOG.info(
                    "loaded {} peer bans ({} running)",
                    book.size(),
                    book.activeBans().size());
        }
        return new PeerBans(book, store);
    }

    /** The running ban of {@code key}, if any. */
    synchronized Optional<BanRecord> active(BanKey key) {
        return book.active(key);
    }

    /** The first of {@code keys} that is banned now, if any. */
    synchronized Optional<BanRecord> activeAny(Collection<BanKey> keys) {
        for (BanKey key : keys) {
            Optional<BanRecord> ban = book.active(key);
            if (ban.isPresent()) {
                return ban;
            }
        }
        return Optional.empty();
    }

    /** Bans every key of {@code identity} for {@code fault} and saves the change; the records written. */
    synchronized List<BanRecord> ban(PeerIdentity identity, PeerFault fault) {
        BanBook.Change change = book.ban(identity.keys(), fault);
        try {
            store.save(change);
        } catch (RuntimeException e) {
            LOG.warn("could not save the ban of {}: {}", identity.keys(), e.getMessage());
        }
        return change.written();
    }

    synchronized List<BanRecord> activeBans() {
        return book.activeBans();
    }

    /** The detail a banned peer is told: which of its identities, why, until when. */
    static String describe(BanRecord ban) {
        return ban.key().describe() + " is banned until " + ban.until() + " for " + ban.reason();
    }
}
