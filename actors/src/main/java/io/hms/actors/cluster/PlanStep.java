package io.hms.actors.cluster;

import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.ingest.BatchSetPlan;
import io.hms.engine.sync.ingest.BatchSetPlanner;
import io.hms.protocol.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Stage "plan downloads" ({@code mapConcat}): a verified info becomes its pending batch sets,
 * followed by the epoch's chunks we lack, each requested once and proved against the info's final
 * block (SPEC §4.7 {@code onEpochReceived}, §0 "Scale"); an info at or below our head ends the
 * cluster as Outdated.
 */
final class PlanStep {
    private final BatchSetPlanner planner;
    private final Policy policy;
    private final ClusterStart start;
    private final Consumer<StreamItem.Verified> onVerified;

    PlanStep(Policy policy, int chunkSize, ClusterStart start, Consumer<StreamItem.Verified> onVerified) {
        this.planner = new BatchSetPlanner(policy, chunkSize);
        this.policy = policy;
        this.start = start;
        this.onVerified = onVerified;
    }

    List<StreamItem> apply(StreamItem item) {
        if (!(item instanceof StreamItem.Verified verified)) {
            return List.of(item);
        }
        onVerified.accept(verified);
        long known = BatchSetPlanner.knownInEpoch(
                policy, verified.epoch(), start.macroHeadNumber(), start.leavesAtMacroHead());
        BatchSetPlan plan = planner.plan(verified.info(), start.headBlockNumber(), known);
        if (plan instanceof BatchSetPlan.Outdated outdated) {
            return List.of(new StreamItem.Stop(
                    verified.epoch(),
                    ClusterOutcome.OUTDATED,
                    "final block " + outdated.finalBlockNumber() + " at or below our head " + outdated.ourHead()));
        }
        if (plan instanceof BatchSetPlan.Unusable unusable) {
            return List.of(new StreamItem.Stop(verified.epoch(), ClusterOutcome.FAILED, unusable.reason()));
        }
        BatchSetPlan.Planned planned = (BatchSetPlan.Planned) plan;
        List<StreamItem> out =
                new ArrayList<>(planned.pending().size() + planned.chunks().size());
        planned.pending().forEach(p -> out.add(new StreamItem.Start(p)));
        planned.chunks().forEach(c -> out.add(new StreamItem.Chunk(c)));
        return out;
    }
}
