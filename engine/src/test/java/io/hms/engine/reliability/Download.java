package io.hms.engine.reliability;

import io.hms.engine.store.Blockchain;
import io.hms.engine.store.ChainSpec;
import io.hms.engine.store.ChainView;
import io.hms.engine.store.Finality;
import io.hms.engine.store.PushResult;
import io.hms.engine.sync.ingest.BatchSetPlan;
import io.hms.engine.sync.ingest.BatchSetPlanner;
import io.hms.engine.sync.ingest.BatchSetSplitter;
import io.hms.engine.sync.ingest.ChunkAcceptance;
import io.hms.engine.sync.ingest.ChunkRequest;
import io.hms.engine.sync.ingest.CompleteBatchSet;
import io.hms.engine.sync.ingest.PendingBatchSet;
import io.hms.engine.sync.ingest.SplitOutput;
import io.hms.protocol.Limits;
import io.hms.protocol.Policy;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.message.HistoryChunk;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.message.Response;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.proof.HistoryTreeChunk;
import io.hms.verifier.BatchSetVerifyState;
import io.hms.verifier.VerifyResult;
import io.hms.verifier.batchset.BatchSetInfoVerifier;
import io.hms.verifier.mmr.HistoryProofVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The client side of downloading one epoch or checkpoint id with the engine's pure sync classes,
 * in the order the cluster actor runs them (SPEC §4.7): fetch and verify the BatchSetInfo from our
 * election head, plan the chunks from what we already hold, judge each chunk (its shape, then its
 * proof), split it across the batch sets in request order, and push whatever the splitter releases
 * into our store. Tests interpose lying chunks through {@link #offer}. One download, one thread; not
 * an actor replacement: retries over several peers are the actors' ({@code PeerFetch}). Every
 * batch set is held in memory (nothing is staged).
 */
final class Download {
    /** How a chunk was taken: refused with the name of the fault, or accepted (releasing batch sets). */
    record Judgement(String fault, List<CompleteBatchSet> released) {
        boolean accepted() {
            return fault == null;
        }
    }

    private final Blockchain ours;
    private final ChainView source;
    private final BatchSetPlan plan;
    private final BatchSetSplitter splitter = new BatchSetSplitter(Long.MAX_VALUE);
    private final List<PushResult> pushes = new ArrayList<>();
    private long leavesReceived;

    private Download(Blockchain ours, ChainView source, BatchSetPlan plan) {
        this.ours = ours;
        this.source = source;
        this.plan = plan;
    }

    /** Starts with the count of known leaves hms computes ({@link BatchSetPlanner#knownInEpoch}). */
    static Download start(Blockchain ours, ChainView source, Hash id) {
        BatchSetInfo info = verifiedInfo(ours, source, id);
        Policy policy = ours.spec().policy();
        MacroBlock macroHead = ours.macroHead();
        long epoch = policy.epochAt(info.finalMacroBlock().orElseThrow().blockNumber());
        long leaves = ours.historyLengthAt(macroHead.blockNumber()).orElse(0);
        return start(ours, source, info, BatchSetPlanner.knownInEpoch(policy, epoch, macroHead.blockNumber(), leaves));
    }

    /** Starts with a given count of known leaves (to replay what the original computed). */
    static Download start(Blockchain ours, ChainView source, BatchSetInfo verified, long knownInEpoch) {
        BatchSetPlan plan = new BatchSetPlanner(ours.spec().policy(), Limits.CHUNK_SIZE)
                .plan(verified, ours.headBlockNumber(), knownInEpoch);
        Download d = new Download(ours, source, plan);
        if (plan instanceof BatchSetPlan.Planned p) {
            d.push(d.splitter.enqueue(p.pending()));
        }
        return d;
    }

    /** Serves RequestBatchSet from {@code source} and verifies it from our election head, as the client does. */
    static BatchSetInfo verifiedInfo(ChainView ours, ChainView source, Hash id) {
        Response r = Wire.serve(Served.HONEST, source, new RequestBatchSet(id));
        if (!(r instanceof BatchSetInfo info)) {
            throw new AssertionError("the source answered " + r + " for " + id.shortHex());
        }
        ChainSpec spec = ours.spec();
        BatchSetVerifyState state = BatchSetVerifyState.afterElectionBlock(spec.networkId(), ours.electionHead());
        BatchSetInfoVerifier.Outcome outcome = new BatchSetInfoVerifier().verify(info, id, state, spec.policy());
        if (!(outcome instanceof BatchSetInfoVerifier.Accepted)) {
            throw new AssertionError("the client refuses the info for " + id.shortHex() + ": " + outcome);
        }
        return info;
    }

    BatchSetPlan plan() {
        return plan;
    }

    List<PendingBatchSet> pending() {
        return plan instanceof BatchSetPlan.Planned p ? p.pending() : List.of();
    }

    List<ChunkRequest> chunkRequests() {
        return plan instanceof BatchSetPlan.Planned p ? p.chunks() : List.of();
    }

    /** Leaves in the chunks the splitter took. */
    long leavesReceived() {
        return leavesReceived;
    }

    /**
     * Judges a chunk as the cluster's fetch step does: its shape (item count, proof size, no
     * assumePrevious), then its proof against the batch set's root. Empty if the chunk is usable.
     */
    static Optional<String> judge(ChunkRequest request, HistoryTreeChunk chunk) {
        var shape = request.checkShape(chunk);
        if (shape.isPresent()) {
            return Optional.of(shape.get().name());
        }
        VerifyResult proof = HistoryProofVerifier.verifyChunk(
                chunk.proof(), request.historyRoot(), request.totalLeaves(), request.chunkIndex(), chunk.history());
        return proof instanceof VerifyResult.Invalid invalid
                ? Optional.of(invalid.fault().name())
                : Optional.empty();
    }

    /** Judges a chunk, hands it to the splitter and pushes what the splitter releases. */
    Judgement offer(ChunkRequest request, HistoryTreeChunk chunk) {
        Optional<String> fault = judge(request, chunk);
        if (fault.isPresent()) {
            return new Judgement(fault.get(), List.of());
        }
        ChunkAcceptance taken = splitter.onChunk(request, chunk.history());
        if (taken instanceof ChunkAcceptance.Rejected rejected) {
            return new Judgement(rejected.fault().name(), List.of());
        }
        leavesReceived += chunk.history().size();
        ChunkAcceptance.Accepted accepted = (ChunkAcceptance.Accepted) taken;
        push(accepted.outputs());
        return new Judgement(null, accepted.released());
    }

    /** What {@code source} answers to the chunk request. */
    static HistoryTreeChunk honestChunk(ChainView source, ChunkRequest request) {
        Response r = Wire.serve(
                Served.HONEST,
                source,
                new RequestHistoryChunk(request.epoch(), request.blockNumber(), request.chunkIndex()));
        if (!(r instanceof HistoryChunk chunk)) {
            throw new AssertionError("the source answered " + r + " for " + request);
        }
        return chunk.chunk();
    }

    /** Fetches every planned chunk from {@code source} in order; each must be accepted. */
    Download fetchAll(ChainView source) {
        for (ChunkRequest r : chunkRequests()) {
            Judgement j = offer(r, honestChunk(source, r));
            if (!j.accepted()) {
                throw new AssertionError("an honest chunk was refused: " + j.fault() + " for " + r);
            }
        }
        return this;
    }

    boolean complete() {
        return splitter.isEmpty();
    }

    List<PushResult> pushes() {
        return List.copyOf(pushes);
    }

    private void push(List<SplitOutput> outputs) {
        for (SplitOutput o : outputs) {
            pushes.add(push(((SplitOutput.Release) o).batchSet()));
        }
    }

    /**
     * Pushes a released batch set. A block below the info's final one carries no justification; the
     * store authenticates it by the chain proof to the justified final block.
     */
    private PushResult push(CompleteBatchSet b) {
        Finality finality = b.chainProof()
                .<Finality>map(p -> new Finality.ChainedTo(p.anchor(), p.links()))
                .orElse(Finality.Justified.INSTANCE);
        return ours.pushHistorySync(b.block(), b.firstLeafIndex(), b.items(), finality);
    }
}
