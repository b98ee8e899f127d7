package io.hms.actors.cluster;

import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.engine.sync.ingest.ChunkFault;
import io.hms.engine.sync.ingest.ChunkRequest;
import io.hms.protocol.message.HistoryChunk;
import io.hms.protocol.message.HistoryChunkError;
import io.hms.protocol.message.Response;
import io.hms.protocol.proof.HistoryTreeChunk;
import io.hms.verifier.VerifyResult;
import io.hms.verifier.mmr.HistoryProofVerifier;
import io.hms.verifier.mmr.LeafHashes;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Stage "fetch chunk" ({@code mapAsync(chunks-in-flight)}, ordered): RequestHistoryChunk retried on
 * the cluster's peers until a chunk verifies against the root of the block it was requested for
 * (the info's final block, with its verified size {@code S_final}) and holds exactly the items
 * that size requires (SPEC §7.2 item 16: a proven prefix or an empty chunk proved by the bare root
 * is a lie, not progress). An error answer ({@code COULDNT_PRODUCE_PROOF}: this peer cannot prove
 * that block) sends the request to another peer and bans no one. Other items pass through.
 *
 * <p>Each answer is verified on {@code verification} (the verification dispatcher), never on the
 * thread that delivered it: a chunk that fails is reported and fetched again from another peer.
 */
final class ChunkFetchStep {
    private final PeerFetch fetch;
    private final Executor verification;
    private final Consumer<StreamItem.ChunkData> onReceived;

    ChunkFetchStep(PeerFetch fetch, Executor verification, Consumer<StreamItem.ChunkData> onReceived) {
        this.fetch = fetch;
        this.verification = verification;
        this.onReceived = onReceived;
    }

    CompletionStage<StreamItem> apply(StreamItem item) {
        if (!(item instanceof StreamItem.Chunk chunk)) {
            return CompletableFuture.completedFuture(item);
        }
        ChunkRequest request = chunk.request();
        return fetch.fetch(request.toRequest(), (peer, response) -> verify(request, response), PeerFetch.Tries.none())
                .thenApply(result -> {
                    if (result instanceof PeerFetch.Got<TimedChunk> got) {
                        StreamItem.ChunkData data = new StreamItem.ChunkData(
                                request,
                                got.value().chunk().history(),
                                got.value().hashes(),
                                got.peer(),
                                got.value().verifyNanos());
                        onReceived.accept(data);
                        return data;
                    }
                    return new StreamItem.Stop(
                            request.epoch(),
                            ClusterOutcome.FAILED,
                            "chunk " + request.chunkIndex() + " of block " + request.blockNumber() + ": "
                                    + ((PeerFetch.GaveUp<TimedChunk>) result).reason());
                });
    }

    /**
     * A chunk that passed verification, its items' hashes (with the inner nodes verification
     * computed) and how long hashing and verifying took.
     */
    record TimedChunk(HistoryTreeChunk chunk, LeafHashes hashes, long verifyNanos) {}

    /** {@link #judge} on the verification executor. */
    CompletionStage<PeerFetch.Verdict<TimedChunk>> verify(ChunkRequest request, Response response) {
        return CompletableFuture.supplyAsync(() -> judge(request, response), verification);
    }

    static PeerFetch.Verdict<TimedChunk> judge(ChunkRequest request, Response response) {
        if (response instanceof HistoryChunkError error) {
            return new PeerFetch.Unusable<>("history chunk error " + error);
        }
        // The other arm of the family: an answer of another family never gets here, the transport
        // fails it as MALFORMED_RESPONSE (PendingRequests.onResponse), so this cast cannot fail.
        HistoryTreeChunk chunk = ((HistoryChunk) response).chunk();
        Optional<ChunkFault> shape = request.checkShape(chunk);
        if (shape.isPresent()) {
            return new PeerFetch.Wrong<>(
                    new PeerFault.Chunk(shape.get()),
                    chunk.history().size() + " items, proof for "
                            + chunk.proof().proof().mmrSize() + " nodes; expected " + request.expectedItems()
                            + " items");
        }
        long started = System.nanoTime();
        // every item is hashed once, here on the verification pool: the leaf hashes prove the chunk and
        // go on with the transaction hashes and the inner MMR nodes the proof's check computed inside
        // the chunk to the push, so the single store thread hashes no item and merges only across chunks
        HistoryProofVerifier.ChunkCheck checked = HistoryProofVerifier.verifyChunkKeepingNodes(
                chunk.proof(),
                request.historyRoot(),
                request.totalLeaves(),
                request.chunkIndex(),
                LeafHashes.of(chunk.history()));
        long took = System.nanoTime() - started;
        if (checked.result() instanceof VerifyResult.Invalid invalid) {
            return new PeerFetch.Wrong<>(new PeerFault.Verification(invalid.fault()), invalid.detail());
        }
        return new PeerFetch.Ok<>(new TimedChunk(chunk, checked.hashes(), took));
    }
}
