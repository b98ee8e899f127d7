package io.hms.it.reliability;

import io.hms.engine.serving.RequestHandlers;
import io.hms.engine.serving.ServingSettings;
import io.hms.engine.store.ChainView;
import io.hms.protocol.message.BatchSet;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.message.Checkpoint;
import io.hms.protocol.message.HistoryChunk;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.message.Response;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.Jail;
import io.hms.protocol.model.Justification;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroHeader;
import io.hms.protocol.model.Signature;
import io.hms.protocol.proof.HistoryTreeChunk;
import io.hms.protocol.proof.Proof;
import io.hms.protocol.proof.RangeProof;
import io.hms.protocol.proof.SizeProof;
import io.hms.verifier.mmr.HistoryTree;
import io.hms.verifier.mmr.InMemoryNodeStore;
import io.hms.verifier.mmr.ProofException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What a lying serving node does to an honest answer (issue 7, "Lying and faulty peers"). Each lie
 * is well-formed on the wire and "correct-looking": only a check of the client can expose it. A
 * lie applies to one request family; other requests are answered honestly, so the liar takes part
 * in the sync until it is caught.
 */
enum Lie {
    /** A chunk whose first proof node is altered. */
    WRONG_PROOF {
        @Override
        Response apply(ChainView chain, Request request, Response honest) {
            return mapChunk(honest, c -> {
                List<Hash> nodes = new ArrayList<>(c.proof().proof().nodes());
                if (nodes.isEmpty()) {
                    return c;
                }
                nodes.set(0, flip(nodes.get(0)));
                return new HistoryTreeChunk(
                        new RangeProof(new Proof(c.proof().proof().mmrSize(), nodes), false), c.history());
            });
        }
    },
    /** A chunk whose first transaction is altered under the honest proof. */
    TAMPERED_TRANSACTION {
        @Override
        Response apply(ChainView chain, Request request, Response honest) {
            return mapChunk(honest, c -> {
                List<HistoricTransaction> items = new ArrayList<>(c.history());
                HistoricTransaction tx = items.get(0);
                items.set(0, new HistoricTransaction(tx.blockNumber(), tx.blockTime() + 1, tx.data()));
                return new HistoryTreeChunk(c.proof(), items);
            });
        }
    },
    /** A batch-set info whose last size proof claims one more leaf than the block's history holds. */
    SIZE_PROOF_MISMATCH {
        @Override
        Response apply(ChainView chain, Request request, Response honest) {
            return mapInfo(honest, info -> {
                List<BatchSet> sets = new ArrayList<>(info.batchSets());
                BatchSet last = sets.get(sets.size() - 1);
                SizeProof p = last.historyLen();
                SizeProof wrong = p instanceof SizeProof.MultipleElements m
                        ? new SizeProof.MultipleElements(m.size() + 1, m.left(), m.right())
                        : new SizeProof.MultipleElements(p.size() + 1, Hash.ZERO, Hash.ZERO);
                sets.set(sets.size() - 1, new BatchSet(last.macroBlock(), wrong));
                return new BatchSetInfo(info.electionMacroBlock(), sets, info.links());
            });
        }
    },
    /** A batch-set info whose blocks keep only their first signer: far fewer than 2f+1 slots. */
    TOO_FEW_SLOTS {
        @Override
        Response apply(ChainView chain, Request request, Response honest) {
            return mapBlocks(
                    honest,
                    b -> withJustification(
                            b,
                            j -> new Justification(
                                    j.signers().subList(0, 1), j.signatures().subList(0, 1))));
        }
    },
    /** A batch-set info whose blocks carry one forged signature (a flipped byte) among valid ones. */
    FORGED_SIGNATURE {
        @Override
        Response apply(ChainView chain, Request request, Response honest) {
            return mapBlocks(
                    honest,
                    b -> withJustification(b, j -> {
                        List<Signature> sigs = new ArrayList<>(j.signatures());
                        byte[] forged = sigs.get(0).toByteArray();
                        forged[5] ^= 0x40;
                        sigs.set(0, Signature.of(forged));
                        return new Justification(j.signers(), sigs);
                    }));
        }
    },
    /** RequestBatchSet answered with the (valid) batch sets of the macro block before the one asked for. */
    ANOTHER_BLOCKS_BATCH_SET {
        @Override
        Response apply(ChainView chain, Request request, Response honest) {
            if (!(request instanceof RequestBatchSet r) || !(honest instanceof BatchSetInfo)) {
                return honest;
            }
            long number = chain.blockByHash(r.hash()).orElseThrow().blockNumber();
            long other = number - chain.spec().policy().blocksPerBatch();
            Optional<MacroBlock> block = chain.mainChainBlockAt(
                    other > chain.spec().policy().genesisBlockNumber()
                            ? other
                            : number + chain.spec().policy().blocksPerBatch());
            return block.isEmpty()
                    ? honest
                    : HANDLERS.handle(new RequestBatchSet(block.get().hash()), chain);
        }
    },
    /**
     * A checkpoint that is not on the final block's hash chain: the first intermediate batch set's
     * header with another timestamp (still a well-formed, valid successor; its size proof still holds).
     */
    CHECKPOINT_OFF_CHAIN {
        @Override
        Response apply(ChainView chain, Request request, Response honest) {
            return mapFirstIntermediate(
                    honest,
                    s -> new BatchSet(
                            withHeader(s.macroBlock(), h -> header(h, h.timestamp() + 1, h.historyRoot())),
                            s.historyLen()));
        }
    },
    /** An intermediate batch set whose size proof claims one leaf more than its block's history holds. */
    INTERMEDIATE_SIZE_PROOF_LIE {
        @Override
        Response apply(ChainView chain, Request request, Response honest) {
            return mapFirstIntermediate(
                    honest,
                    s -> new BatchSet(
                            s.macroBlock(),
                            new SizeProof.MultipleElements(s.historyLen().size() + 1, Hash.ZERO, Hash.ZERO)));
        }
    },
    /**
     * An intermediate batch set whose leaves do not give its root: its header's history root and size
     * proof replaced by those of a made-up history of the same length, consistent with each other.
     */
    INTERMEDIATE_HISTORY_ROOT_LIE {
        @Override
        Response apply(ChainView chain, Request request, Response honest) {
            return mapFirstIntermediate(honest, s -> {
                long size = Math.max(1, s.historyLen().size());
                HistoryTree fake = new HistoryTree(new InMemoryNodeStore());
                HistoricTransaction filler = new HistoricTransaction(
                        s.macroBlock().blockNumber(), 0, new Jail(io.hms.protocol.model.PublicKey.of(new byte[32]), 0));
                for (long i = 0; i < size; i++) {
                    fake.append(filler);
                }
                try {
                    SizeProof proof = fake.proveSize(size, filler);
                    return new BatchSet(withHeader(s.macroBlock(), h -> header(h, h.timestamp(), fake.root())), proof);
                } catch (ProofException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    },
    /** A batch-set info with neither an election block nor batch sets. */
    EMPTY_BATCH_SET_INFO {
        @Override
        Response apply(ChainView chain, Request request, Response honest) {
            return mapInfo(honest, info -> new BatchSetInfo(Optional.empty(), List.of()));
        }
    },
    /** A macro chain with one epoch id more than the request allows. */
    TOO_MANY_EPOCHS {
        @Override
        Response apply(ChainView chain, Request request, Response honest) {
            if (!(request instanceof RequestMacroChain r) || !(honest instanceof MacroChain m)) {
                return honest;
            }
            List<Hash> epochs = new ArrayList<>(m.epochs());
            while (epochs.size() <= r.maxEpochs()) {
                epochs.add(flip(epochs.isEmpty() ? chain.spec().genesisHash() : epochs.get(epochs.size() - 1)));
            }
            return new MacroChain(epochs, Optional.empty());
        }
    },
    /** A macro chain announcing a checkpoint one epoch too far ahead. */
    CHECKPOINT_WRONG_EPOCH {
        @Override
        Response apply(ChainView chain, Request request, Response honest) {
            long e = chain.spec().policy().blocksPerEpoch();
            return mapCheckpoint(honest, chain, cp -> new Checkpoint(cp.blockNumber() + e, cp.hash()));
        }
    },
    /** A macro chain announcing a checkpoint at a micro-block position. */
    CHECKPOINT_NOT_A_CHECKPOINT {
        @Override
        Response apply(ChainView chain, Request request, Response honest) {
            return mapCheckpoint(honest, chain, cp -> new Checkpoint(cp.blockNumber() + 1, cp.hash()));
        }
    };

    private static final RequestHandlers HANDLERS = new RequestHandlers(ServingSettings.DEFAULTS);

    abstract Response apply(ChainView chain, Request request, Response honest);

    private static Hash flip(Hash h) {
        byte[] b = h.toByteArray();
        b[0] ^= 1;
        return Hash.of(b);
    }

    private static Response mapChunk(Response honest, UnaryOperator<HistoryTreeChunk> f) {
        return honest instanceof HistoryChunk c && !c.chunk().history().isEmpty()
                ? new HistoryChunk(f.apply(c.chunk()))
                : honest;
    }

    private static Response mapInfo(Response honest, UnaryOperator<BatchSetInfo> f) {
        return honest instanceof BatchSetInfo info && !info.batchSets().isEmpty() ? f.apply(info) : honest;
    }

    private static Response mapBlocks(Response honest, UnaryOperator<MacroBlock> f) {
        return mapInfo(honest, info -> {
            List<BatchSet> sets = new ArrayList<>();
            for (BatchSet s : info.batchSets()) {
                sets.add(new BatchSet(f.apply(s.macroBlock()), s.historyLen()));
            }
            return new BatchSetInfo(info.electionMacroBlock().map(f), sets, info.links());
        });
    }

    /**
     * Replaces the first batch set that is not the info's final one (authenticated by the hash chain,
     * not by a justification of its own); answers honestly when the info lists only its final block.
     */
    private static Response mapFirstIntermediate(Response honest, UnaryOperator<BatchSet> f) {
        return mapInfo(honest, info -> {
            if (info.batchSets().size() < 2) {
                return info;
            }
            List<BatchSet> sets = new ArrayList<>(info.batchSets());
            sets.set(0, f.apply(sets.get(0)));
            return new BatchSetInfo(info.electionMacroBlock(), sets, info.links());
        });
    }

    /** {@code b} with an edited header (the body and the absent justification stay). */
    private static MacroBlock withHeader(MacroBlock b, UnaryOperator<MacroHeader> f) {
        return new MacroBlock(f.apply(b.header()), b.body(), b.justification());
    }

    private static MacroHeader header(MacroHeader h, long timestamp, Hash historyRoot) {
        return new MacroHeader(
                h.network(),
                h.version(),
                h.blockNumber(),
                timestamp,
                h.parentHash(),
                h.parentElectionHash(),
                historyRoot,
                h.bodyRoot(),
                h.extraData());
    }

    private static MacroBlock withJustification(MacroBlock b, UnaryOperator<Justification> f) {
        return new MacroBlock(b.header(), b.body(), b.justification().map(f));
    }

    /** Replaces the checkpoint, adding our checkpoint head where the honest answer has none to lie about. */
    private static Response mapCheckpoint(Response honest, ChainView chain, UnaryOperator<Checkpoint> f) {
        if (!(honest instanceof MacroChain m)) {
            return honest;
        }
        MacroBlock head = chain.macroHead();
        Checkpoint cp = m.checkpoint().orElse(new Checkpoint(head.blockNumber(), head.hash()));
        return new MacroChain(m.epochs(), Optional.of(f.apply(cp)));
    }
}
