package io.hms.engine.ban;

import io.hms.engine.sync.fault.PeerFault;
import io.hms.verifier.Consequence;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node's bans: which identities ({@link BanKey}) are refused, why and until when. A first
 * offence bans for {@link BanSettings#firstBan()}, each later one (after the previous ban expired)
 * for twice as long up to {@link BanSettings#maxBan()}. The book holds at most {@link
 * BanSettings#maxEntries()} records, least recently used first out, expired records before bans.
 * Only a fault that proves the peer lied ({@link Consequence#BAN}) bans: a peer that is merely
 * behind is never banned.
 *
 * <p>Pure and single-threaded: the caller serializes access and saves each {@link Change} it gets
 * to a {@link BanStore}; {@link #restore} rebuilds the book from what was saved.
 */
public final class BanBook {
    private final BanSettings settings;
    private final Clock clock;
    /** In access order: the first entry is the least recently used. */
    private final LinkedHashMap<BanKey, BanRecord> records = new LinkedHashMap<>(16, 0.75f, true);

    public BanBook(BanSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** A book holding {@code saved} (least recent offence first), trimmed to the size bound. */
    public static BanBook restore(BanSettings settings, Clock clock, Collection<BanRecord> saved) {
        BanBook book = new BanBook(settings, clock);
        saved.stream().sorted(Comparator.comparing(BanRecord::since)).forEach(r -> book.records.put(r.key(), r));
        book.evict();
        return book;
    }

    /** What one call changed: records to save and keys to delete. */
    public record Change(List<BanRecord> written, List<BanKey> forgotten) {
        public Change {
            written = List.copyOf(written);
            forgotten = List.copyOf(forgotten);
        }

        public boolean isEmpty() {
            return written.isEmpty() && forgotten.isEmpty();
        }
    }

    /** The ban that refuses {@code key} now, if any; counts as a use of the record. */
    public Optional<BanRecord> active(BanKey key) {
        BanRecord r = records.get(key);
        return r != null && r.activeAt(clock.instant()) ? Optional.of(r) : Optional.empty();
    }

    /**
     * Bans every one of {@code keys} for {@code fault}. A key whose ban is still running keeps its
     * offence count (one episode, seen twice) and is extended if this ban lasts longer; any other
     * key commits one more offence.
     *
     * @throws IllegalArgumentException if the fault does not prove the peer lied
     */
    public Change ban(Collection<? extends BanKey> keys, PeerFault fault) {
        if (fault.consequence() != Consequence.BAN) {
            throw new IllegalArgumentException(fault.name() + " does not ban (" + fault.consequence() + ")");
        }
        Instant now = clock.instant();
        List<BanRecord> written = new ArrayList<>();
        for (BanKey key : keys) {
            BanRecord previous = records.get(key);
            BanRecord next;
            if (previous != null && previous.activeAt(now)) {
                Instant until = now.plus(settings.lengthFor(previous.offences()));
                next = new BanRecord(
                        key,
                        fault.name(),
                        now,
                        until.isAfter(previous.until()) ? until : previous.until(),
                        previous.offences());
            } else {
                int offences = previous == null ? 1 : saturatedIncrement(previous.offences());
                next = new BanRecord(key, fault.name(), now, now.plus(settings.lengthFor(offences)), offences);
            }
            records.remove(key);
            records.put(key, next);
            written.add(next);
        }
        List<BanKey> forgotten = evict();
        written.removeIf(r -> forgotten.contains(r.key()));
        return new Change(written, forgotten);
    }

    /** Every record, least recently used first. */
    public List<BanRecord> records() {
        return new ArrayList<>(records.values());
    }

    /** The records whose ban is running now. */
    public List<BanRecord> activeBans() {
        Instant now = clock.instant();
        return records.values().stream().filter(r -> r.activeAt(now)).toList();
    }

    public int size() {
        return records.size();
    }

    private List<BanKey> evict() {
        List<BanKey> forgotten = new ArrayList<>();
        Instant now = clock.instant();
        while (records.size() > settings.maxEntries()) {
            BanKey victim = null;
            for (Map.Entry<BanKey, BanRecord> e : records.entrySet()) {
                if (!e.getValue().activeAt(now)) {
                    victim = e.getKey();
                    break;
                }
            }
            if (victim == null) {
                Iterator<BanKey> lru = records.keySet().iterator();
                victim = lru.next();
            }
            records.remove(victim);
            forgotten.add(victim);
        }
        return forgotten;
    }

    private static int saturatedIncrement(int n) {
        return n == Integer.MAX_VALUE ? n : n + 1;
    }
}
