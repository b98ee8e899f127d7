package io.hms.engine.sync.clustering;

import io.hms.engine.sync.PeerId;
import java.util.List;
import java.util.Objects;

/**
 * What to do with one peer's epoch ids: the verdict (which says what to report for the peer), the
 * state to continue with, and the cluster changes to forward to running clusters.
 */
public record ClusteringDecision(Verdict verdict, PeerId peer, ClusteringState state, List<ClusterChange> changes) {

    public ClusteringDecision {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(state, "state");
        changes = List.copyOf(changes);
    }

    /** What the sync reports for the peer. */
    public enum Report {
        /** Nothing now: the peer is clustered, attached, already tracked, or its reply must wait. */
        NONE,
        /** We have everything this peer offers at macro level. */
        GOOD,
        /** The peer is behind, on another chain, or offers nothing we are not already getting. */
        OUTDATED
    }

    /** Why; each constant carries the report it leads to (SPEC §4.3 step 2, §4.5, §4.11). */
    public enum Verdict {
        /** {@code maxClusters} epoch clusters exist: offer these ids again after a cluster was taken. */
        DEFERRED(Report.NONE),
        /** The peer knew none of our locators. */
        LOCATOR_NOT_FOUND(Report.OUTDATED),
        /** The peer offers no ids and no checkpoint after our head. */
        NOTHING_OFFERED(Report.GOOD),
        /** The peer is already in clusters; it will be asked again when they are done. */
        ALREADY_TRACKED(Report.NONE),
        /** The peer's ids end at or before our election head. */
        BEHIND(Report.OUTDATED),
        /** The peer's id at our election head's epoch is not our election head. */
        FORK(Report.OUTDATED),
        /** Everything the peer offers is already queued for application or downloaded by a cluster it cannot join. */
        NOTHING_NEW(Report.OUTDATED),
        /** Everything the peer offers is queued; it joined the finishing cluster that holds it. */
        ATTACHED_TO_FINISHING(Report.NONE),
        /** The peer's ids were clustered. */
        CLUSTERED(Report.NONE);

        private final Report report;

        Verdict(Report report) {
            this.report = report;
        }

        public Report report() {
            return report;
        }
    }

    public Report report() {
        return verdict.report();
    }
}
