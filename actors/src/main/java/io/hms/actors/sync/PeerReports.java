package io.hms.actors.sync;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.OutdatedReason;
import io.hms.engine.sync.EpochIds;
import io.hms.engine.sync.clustering.ClusterDecision;
import io.hms.engine.sync.clustering.ClusteringDecision.Verdict;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the sync reports for a peer whose epoch ids were judged (SPEC §4.11). */
final class PeerReports {
    private static final Logger LOG = LoggerFactory.getLogger(PeerReports.class);

    private PeerReports() {}

    /** Good, Outdated with its reason, or nothing yet. */
    static Optional<MacroSyncReturn> judged(ClusterDecision.Judged j) {
        EpochIds ids = j.ids();
        LOG.debug(
                "clustered peer={} verdict={} ids={} first={} checkpoint={}",
                j.peer(),
                j.verdict(),
                ids.ids().size(),
                ids.firstEpoch(),
                ids.checkpoint().isPresent());
        return switch (j.verdict().report()) {
            case GOOD -> Optional.of(new MacroSyncReturn.Good(j.peer()));
            case OUTDATED ->
                Optional.of(new MacroSyncReturn.Outdated(
                        j.peer(),
                        reasonOf(j.verdict()),
                        j.verdict() + ": " + ids.ids().size() + " ids from epoch " + ids.firstEpoch()
                                + ids.checkpoint()
                                        .map(c -> ", checkpoint " + c.blockNumber())
                                        .orElse("")));
            case NONE -> Optional.empty();
        };
    }

    private static OutdatedReason reasonOf(Verdict verdict) {
        return switch (verdict) {
            case LOCATOR_NOT_FOUND -> OutdatedReason.UNKNOWN_LOCATORS;
            case BEHIND -> OutdatedReason.BEHIND;
            case FORK -> OutdatedReason.FORK;
            default -> OutdatedReason.NOTHING_NEW;
        };
    }
}
