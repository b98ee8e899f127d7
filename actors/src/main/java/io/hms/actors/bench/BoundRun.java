package io.hms.actors.bench;

import io.hms.engine.serving.RequestHandlers;
import io.hms.engine.serving.ServingSettings;
import io.hms.engine.store.Blockchain;
import io.hms.engine.store.ChainView;
import io.hms.engine.store.Finality;
import io.hms.engine.store.PushResult;
import io.hms.engine.sync.ingest.BatchSetPlan;
import io.hms.engine.sync.ingest.BatchSetPlanner;
import io.hms.engine.sync.ingest.BatchSetSplitter;
import io.hms.engine.sync.ingest.ChunkAcceptance;
import io.hms.engine.sync.ingest.ChunkRequest;
import io.hms.engine.sync.ingest.CompleteBatchSet;
import io.hms.engine.sync.ingest.SplitOutput;
import io.hms.protocol.Limits;
import io.hms.protocol.Policy;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.message.HistoryChunk;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.proof.HistoryTreeChunk;
import io.hms.verifier.BatchSetVerifyState;
import io.hms.verifier.VerifyResult;
import io.hms.verifier.batchset.BatchSetInfoVerifier;
import io.hms.verifier.mmr.HistoryProofVerifier;
import io.hms.verifier.mmr.LeafHashes;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one-thread bound of a sync: for each epoch id of the source (its election blocks, then its
 * checkpoint head), the source store's own {@link RequestHandlers} answers the batch-set and chunk
 * requests; each answer is encoded to wire bytes and decoded again, then the client's work runs on
 * this one thread — {@link BatchSetInfoVerifier}, the chunk's shape and proof, the {@link
 * BatchSetSplitter}, and {@link Blockchain#pushHistorySync} into {@code target} — with no network,
 * actors or other threads. Serving (the source's reads and the encoding) is not counted: its
 * time is measured and subtracted, as a remote peer would pay it.
 */
public final class BoundRun {
    private final ChainView source;
    private final Blockchain target;
    private final RequestHandlers handlers = new RequestHandlers(ServingSettings.DEFAULTS);
    private final BatchSetInfoVerifier infoVerifier = new BatchSetInfoVerifier();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long servingCpuNanos;
    private long servingWallNanos;
    private long wireBytes;

    public BoundRun(ChainView source, Blockchain target) {
        this.source = source;
        this.target = target;
    }

    /** Client-side figures of the bound (serving excluded). */
    public record Result(long transactions, long wireBytes, double wallSeconds, double cpuSeconds) {}

    public Result run() {
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        long txs0 = target.totalTransactions();
        BatchSetVerifyState state =
                BatchSetVerifyState.afterElectionBlock(target.spec().networkId(), target.electionHead());
        for (Hash id : epochIds()) {
            state = download(id, state);
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpu0 - servingCpuNanos;
        long wall = System.nanoTime() - wall0 - servingWallNanos;
        return new Result(target.totalTransactions() - txs0, wireBytes, wall / 1e9, cpu / 1e9);
    }

    /** The source's election blocks after genesis, then its checkpoint head if it is not one. */
    List<Hash> epochIds() {
        Policy policy = source.spec().policy();
        List<Hash> ids = new ArrayList<>();
        long lastEpoch = policy.epochAt(source.electionHead().blockNumber());
        for (long epoch = policy.epochAt(target.electionHead().blockNumber()) + 1; epoch <= lastEpoch; epoch++) {
            ids.add(source.mainChainBlockAt(policy.electionBlockOf(epoch))
                    .orElseThrow()
                    .hash());
        }
        if (source.macroHead().blockNumber() != source.electionHead().blockNumber()) {
            ids.add(source.macroHead().hash());
        }
        return ids;
    }

    private BatchSetVerifyState download(Hash id, BatchSetVerifyState state) {
        BatchSetInfo info =
                (BatchSetInfo) served(RequestType.BATCH_SET, () -> handlers.handle(new RequestBatchSet(id), source));
        BatchSetInfoVerifier.Outcome outcome =
                infoVerifier.verify(info, id, state, target.spec().policy());
        if (!(outcome instanceof BatchSetInfoVerifier.Accepted accepted)) {
            throw new IllegalStateException("the bound refused the info of " + id.shortHex() + ": " + outcome);
        }
        Policy policy = target.spec().policy();
        MacroBlock macroHead = target.macroHead();
        long epoch = policy.epochAt(info.finalMacroBlock().orElseThrow().blockNumber());
        long known = BatchSetPlanner.knownInEpoch(
                policy,
                epoch,
                macroHead.blockNumber(),
                target.historyLengthAt(macroHead.blockNumber()).orElse(0));
        BatchSetPlan plan = new BatchSetPlanner(policy, Limits.CHUNK_SIZE).plan(info, target.headBlockNumber(), known);
        if (!(plan instanceof BatchSetPlan.Planned planned)) {
            throw new IllegalStateException("nothing to plan for " + id.shortHex() + ": " + plan);
        }
        BatchSetSplitter splitter = new BatchSetSplitter(Long.MAX_VALUE);
        push(splitter.enqueue(planned.pending()));
        for (ChunkRequest request : planned.chunks()) {
            HistoryTreeChunk chunk = ((HistoryChunk)
                            served(RequestType.HISTORY_CHUNK, () -> handlers.handle(request.toRequest(), source)))
                    .chunk();
            LeafHashes hashes = verify(request, chunk);
            ChunkAcceptance taken = splitter.onChunk(request, chunk.history(), hashes);
            if (taken instanceof ChunkAcceptance.Rejected rejected) {
                throw new IllegalStateException("the splitter refused " + request + ": " + rejected);
            }
            push(((ChunkAcceptance.Accepted) taken).outputs());
        }
        return accepted.next();
    }

    /**
     * The client's chunk checks, hashing each item and each inner node once as the sync does; the
     * hashes and the nodes computed inside the chunk go on to the push.
     */
    private static LeafHashes verify(ChunkRequest request, HistoryTreeChunk chunk) {
        Optional<?> shape = request.checkShape(chunk);
        HistoryProofVerifier.ChunkCheck proof = HistoryProofVerifier.verifyChunkKeepingNodes(
                chunk.proof(),
                request.historyRoot(),
                request.totalLeaves(),
                request.chunkIndex(),
                LeafHashes.of(chunk.history()));
        if (shape.isPresent() || proof.result() instanceof VerifyResult.Invalid) {
            throw new IllegalStateException("the bound refused chunk " + request + ": " + shape + " " + proof.result());
        }
        return proof.hashes();
    }

    private void push(List<SplitOutput> outputs) {
        for (SplitOutput o : outputs) {
            CompleteBatchSet b = ((SplitOutput.Release) o).batchSet();
            Finality finality = b.chainProof()
                    .<Finality>map(p -> new Finality.ChainedTo(p.anchor(), p.links()))
                    .orElse(Finality.Justified.INSTANCE);
            PushResult result = target.pushHistorySync(b.block(), b.firstLeafIndex(), b.items(), b.hashes(), finality);
            if (!(result instanceof PushResult.Extended)) {
                throw new IllegalStateException("push of block " + b.block().blockNumber() + ": " + result);
            }
        }
    }

    /**
     * The source's answer as the client receives it: handled and encoded (serving, not counted),
     * then decoded (counted).
     */
    private <R extends io.hms.protocol.message.Response> R served(
            RequestType<?, R> type, java.util.function.Supplier<R> handle) {
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        byte[] bytes = type.responseCodec().encode(handle.get());
        servingCpuNanos += threads.getCurrentThreadCpuTime() - cpu0;
        servingWallNanos += System.nanoTime() - wall0;
        wireBytes += bytes.length;
        try {
            return type.responseCodec().decode(bytes);
        } catch (DecodeException e) {
            throw new IllegalStateException("the codec does not carry a " + type + " answer", e);
        }
    }
}
