package io.hms.actors.cluster;

import io.hms.actors.serialization.CborSerializable;
import io.hms.protocol.model.Hash;
import java.util.Objects;

/**
 * Where a cluster's download starts verifying: a known state ({@link ClusterStart}), or an anchor
 * — an election block a peer offered that nobody verified yet, which the download fetches first
 * (ranges in parallel, docs/ARCHITECTURE.md "Ranges in parallel").
 */
public sealed interface RangeStart extends CborSerializable permits ClusterStart, RangeStart.Anchor {

    /**
     * After election block {@code id} (block {@code blockNumber} of {@code network}): the download asks a peer for its
     * batch-set info, takes the election block only if its hash is {@code id}, and verifies from the
     * validators it names. Whatever is so verified is only as good as {@code id}: the JobActor
     * applies none of it until the range before it ended on a verified block with this hash.
     */
    record Anchor(int network, Hash id, long blockNumber) implements RangeStart {
        public Anchor {
            Objects.requireNonNull(id, "id");
        }
    }
}
