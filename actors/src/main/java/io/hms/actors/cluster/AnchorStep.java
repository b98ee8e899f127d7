package io.hms.actors.cluster;

import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.protocol.Policy;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.message.BatchSetResponse;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.Response;
import io.hms.protocol.model.MacroBlock;
import io.hms.verifier.BatchSetVerifyState;
import io.hms.verifier.Fault;
import io.hms.verifier.MacroBlockVerifier;
import io.hms.verifier.VerifyResult;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Before a range that starts from an anchor downloads anything: RequestBatchSet of the anchor id,
 * retried on the range's peers, until one answers with an election block whose hash is the id and
 * whose body matches its header (the hash commits to the header, the header to the body, so the
 * validators it names are the anchor's). The range then verifies from it, as from a verified block;
 * linking the anchor to the range before it is the JobActor's (docs/ARCHITECTURE.md "Ranges in
 * parallel"). The block's check runs on the verification executor.
 */
final class AnchorStep {
    private static final MacroBlockVerifier BLOCKS = new MacroBlockVerifier();

    private AnchorStep() {}

    /** The start after the anchor, or why no peer gave it. */
    static CompletionStage<Optional<ClusterStart>> fetch(
            PeerFetch fetch, RangeStart.Anchor anchor, Policy policy, Executor verification) {
        PeerFetch.Judge<MacroBlock> judge = (peer, response) ->
                CompletableFuture.supplyAsync(() -> judge(anchor, policy, peer, response), verification);
        return fetch.fetch(new RequestBatchSet(anchor.id()), judge, PeerFetch.Tries.none())
                .thenApply(result -> result instanceof PeerFetch.Got<MacroBlock> got
                        ? Optional.of(startAfter(anchor.network(), got.value()))
                        : Optional.empty());
    }

    /** Where a range verified from election block {@code anchor} starts (nothing of it applied yet). */
    static ClusterStart startAfter(int network, MacroBlock anchor) {
        long number = anchor.blockNumber();
        return new ClusterStart(BatchSetVerifyState.afterElectionBlock(network, anchor), number, number, 0);
    }

    static PeerFetch.Verdict<MacroBlock> judge(
            RangeStart.Anchor anchor, Policy policy, PeerId peer, Response response) {
        // An answer of another family never gets here (PendingRequests.onResponse), so this cast cannot fail.
        BatchSetResponse family = (BatchSetResponse) response;
        if (!(family instanceof BatchSetInfo info)) {
            return new PeerFetch.Unusable<>("anchor " + anchor.id().shortHex() + ": batch set error " + family);
        }
        Optional<MacroBlock> block = info.electionMacroBlock();
        if (block.isEmpty() || !block.get().hash().equals(anchor.id())) {
            return new PeerFetch.Wrong<>(
                    new PeerFault.Verification(Fault.FINAL_HASH_MISMATCH),
                    "asked for election block " + anchor.id().shortHex() + ", got "
                            + block.map(b -> b.hash().shortHex()).orElse("none"));
        }
        if (block.get().blockNumber() != anchor.blockNumber()) {
            return new PeerFetch.Wrong<>(
                    new PeerFault.Verification(Fault.NOT_AN_ELECTION_BLOCK),
                    "anchor " + anchor.id().shortHex() + " is block "
                            + block.get().blockNumber() + ", expected " + anchor.blockNumber());
        }
        VerifyResult intrinsic = BLOCKS.verifyIntrinsic(block.get(), anchor.network(), policy);
        if (intrinsic instanceof VerifyResult.Invalid invalid) {
            return new PeerFetch.Wrong<>(new PeerFault.Verification(invalid.fault()), invalid.detail());
        }
        return new PeerFetch.Ok<>(block.get());
    }
}
