package io.hms.engine.sync.clustering;

import io.hms.protocol.model.Hash;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Step 4 of SPEC §4.5: how long a prefix of a peer's ids (then checkpoint) is already queued for
 * application, matched as a subsequence of the queued pushes with one forward cursor.
 */
final class QueuedIdMatcher {
    private QueuedIdMatcher() {}

    /**
     * @param matched ids (then checkpoint) matched, from the front
     * @param lastClusterId cluster of the last matched push; empty when nothing matched (the original
     *     defaulted to cluster 0 here, SPEC §7.2 item 25)
     * @param finishing the queued finish job of {@code lastClusterId} after the last matched push, if any
     */
    record Match(int matched, OptionalLong lastClusterId, Optional<QueuedJob.Finish> finishing) {}

    static Match match(List<Hash> sequence, List<QueuedJob> jobs) {
        int matched = 0;
        long clusterId = -1;
        int cursor = 0;
        for (Hash id : sequence) {
            boolean found = false;
            while (cursor < jobs.size()) {
                QueuedJob job = jobs.get(cursor++);
                if (job instanceof QueuedJob.Push push && push.blockHash().equals(id)) {
                    matched++;
                    clusterId = push.clusterId();
                    found = true;
                    break;
                }
            }
            if (!found) {
                break;
            }
        }
        if (matched == 0) {
            return new Match(0, OptionalLong.empty(), Optional.empty());
        }
        for (int i = cursor; i < jobs.size(); i++) {
            if (jobs.get(i) instanceof QueuedJob.Finish finish && finish.clusterId() == clusterId) {
                return new Match(matched, OptionalLong.of(clusterId), Optional.of(finish));
            }
        }
        return new Match(matched, OptionalLong.of(clusterId), Optional.empty());
    }
}
