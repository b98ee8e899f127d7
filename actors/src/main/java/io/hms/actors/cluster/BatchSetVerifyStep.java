package io.hms.actors.cluster;

import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.protocol.Policy;
import io.hms.verifier.BatchSetVerifyState;
import io.hms.verifier.JustificationVerifier;
import io.hms.verifier.batchset.BatchSetInfoVerifier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stage "verify batch set info", in id order ({@code mapAsync(1)}): each info is verified against
 * the state the previous one left (SPEC §4.7 {@code verifyBatchSetInfo}), on the verification
 * dispatcher, whose threads also share the final block's signature checks. An info that fails is
 * reported — a peer never gets to send this cluster anything again after a wrong answer — and the
 * id is fetched again from another peer. One instance per stream materialization.
 */
final class BatchSetVerifyStep {
    private final BatchSetInfoVerifier verifier;
    private final Executor verification;
    private final Policy policy;
    private final BatchSetFetchStep refetch;
    private final PeerFetch fetch;
    private final AtomicReference<BatchSetVerifyState> state;

    BatchSetVerifyStep(
            Policy policy,
            BatchSetVerifyState initial,
            BatchSetFetchStep refetch,
            PeerFetch fetch,
            Executor verification) {
        this.verifier = new BatchSetInfoVerifier(
                new JustificationVerifier(verification, Runtime.getRuntime().availableProcessors()));
        this.verification = verification;
        this.policy = policy;
        this.refetch = refetch;
        this.fetch = fetch;
        this.state = new AtomicReference<>(initial);
    }

    CompletionStage<StreamItem> apply(StreamItem item) {
        if (!(item instanceof StreamItem.Fetched fetched)) {
            return CompletableFuture.completedFuture(item);
        }
        return CompletableFuture.supplyAsync(() -> timedVerify(fetched), verification) // on the verification dispatcher
                .thenCompose(timed -> judged(fetched, timed.outcome(), timed.nanos()));
    }

    private record Timed(BatchSetInfoVerifier.Outcome outcome, long nanos) {}

    private Timed timedVerify(StreamItem.Fetched fetched) {
        long started = System.nanoTime();
        BatchSetInfoVerifier.Outcome outcome =
                verifier.verify(fetched.info(), fetched.id().id(), state.get(), policy);
        return new Timed(outcome, System.nanoTime() - started);
    }

    private CompletionStage<StreamItem> judged(
            StreamItem.Fetched fetched, BatchSetInfoVerifier.Outcome outcome, long took) {
        if (outcome instanceof BatchSetInfoVerifier.Accepted accepted) {
            state.set(accepted.next());
            return CompletableFuture.completedFuture(
                    new StreamItem.Verified(fetched.id(), fetched.info(), fetched.peer(), accepted.next(), took));
        }
        BatchSetInfoVerifier.Rejected rejected = (BatchSetInfoVerifier.Rejected) outcome;
        fetch.reportWrong(fetched.peer(), new PeerFault.Verification(rejected.fault()), rejected.detail());
        PeerFetch.Tries tries = fetched.tries();
        PeerFetch.Tries failed =
                new PeerFetch.Tries(tries.tried(), tries.count(), rejected.fault() + ": " + rejected.detail());
        return refetch.fetch(fetched.id(), failed)
                .thenCompose(next -> next instanceof StreamItem.Stop stop
                        ? CompletableFuture.completedFuture(
                                new StreamItem.Stop(stop.epoch(), ClusterOutcome.FAILED, stop.reason()))
                        : apply(next));
    }
}
