package io.hms.actors.cluster;

import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.message.BatchSetResponse;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.Response;
import java.util.concurrent.CompletionStage;

/**
 * Stage "fetch batch set info": RequestBatchSet for one id, retried on the cluster's peers until
 * one answers with an info (verification comes next, in order, on the verification dispatcher:
 * here only the answer's type is checked). Runs in a {@code mapAsync}.
 */
final class BatchSetFetchStep {
    private final PeerFetch fetch;

    BatchSetFetchStep(PeerFetch fetch) {
        this.fetch = fetch;
    }

    CompletionStage<StreamItem> apply(StreamItem.Id id) {
        return fetch(id, PeerFetch.Tries.none());
    }

    /** Fetches {@code id} again, from a peer that has not sent it yet if there is one. */
    CompletionStage<StreamItem> fetch(StreamItem.Id id, PeerFetch.Tries tries) {
        return fetch.fetch(new RequestBatchSet(id.id()), PeerFetch.Judge.inline(BatchSetFetchStep::judge), tries)
                .thenApply(result -> {
                    if (result instanceof PeerFetch.Got<BatchSetInfo> got) {
                        return new StreamItem.Fetched(id, got.value(), got.peer(), got.tries());
                    }
                    return new StreamItem.Stop(
                            id.epoch(),
                            ClusterOutcome.FAILED,
                            "batch set " + id.id().shortHex() + ": "
                                    + ((PeerFetch.GaveUp<BatchSetInfo>) result).reason());
                });
    }

    static PeerFetch.Verdict<BatchSetInfo> judge(PeerId peer, Response response) {
        // An answer of another family never gets here: the transport fails it as MALFORMED_RESPONSE
        // (PendingRequests.onResponse), so this cast cannot fail.
        BatchSetResponse family = (BatchSetResponse) response;
        return family instanceof BatchSetInfo info
                ? new PeerFetch.Ok<>(info)
                : new PeerFetch.Unusable<>("batch set error " + family);
    }
}
