package io.hms.verifier.testing;

import io.hms.protocol.Limits;
import io.hms.protocol.Policy;
import io.hms.protocol.message.BatchSet;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.model.ByteString;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroBody;
import io.hms.protocol.model.MacroHeader;
import io.hms.protocol.proof.HistoryTreeChunk;
import io.hms.protocol.proof.RangeProof;
import io.hms.protocol.proof.SizeProof;
import io.hms.verifier.BatchSetVerifyState;
import io.hms.verifier.MacroBlockVerifier;
import io.hms.verifier.mmr.HistoryTree;
import io.hms.verifier.mmr.InMemoryNodeStore;
import io.hms.verifier.mmr.ProofException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A signed macro chain with its history, built in memory for tests: genesis (an election block
 * naming the first validators), then one macro block per {@link #addBatch}. Each election block
 * may rotate to a fresh validator set. It answers batch set infos and history chunks the way a
 * server that stored every macro block as non-prunable would (SPEC §1.4, §2.3, §2.4).
 */
public final class TestChain {
    public static final long GENESIS_TIME = 1_700_000_000_000L;
    public static final long BLOCK_TIME = 1000;

    private final Policy policy;
    private final int network;
    private final Random rnd;
    private final boolean rotateValidators;
    private final int validatorCount;
    private final List<MacroBlock> blocks = new ArrayList<>();
    private final Map<Hash, Long> historyLength = new HashMap<>();
    private final Map<Hash, TestValidators> governing = new HashMap<>();
    private final Map<Long, List<HistoricTransaction>> items = new HashMap<>();
    private final Map<Long, HistoryTree> trees = new HashMap<>();
    private TestValidators current;

    private TestChain(Policy policy, int network, int validatorCount, long seed, boolean rotateValidators) {
        this.policy = policy;
        this.network = network;
        this.rnd = new Random(seed);
        this.rotateValidators = rotateValidators;
        this.validatorCount = validatorCount;
        this.current = TestValidators.create(validatorCount, policy.slots(), rnd);
        long g = policy.genesisBlockNumber();
        MacroBody body = MacroBody.election(current.set());
        MacroHeader header = new MacroHeader(
                network,
                MacroBlockVerifier.VERSION,
                g,
                GENESIS_TIME,
                Hash.ZERO,
                Hash.ZERO,
                HistoryTree.emptyRoot(),
                body.hash(),
                ByteString.EMPTY);
        MacroBlock genesis = new MacroBlock(header, body, Optional.empty());
        blocks.add(genesis);
        historyLength.put(genesis.hash(), 0L);
    }

    /** A chain whose election blocks keep the same validators. */
    public static TestChain create(Policy policy, int network, int validatorCount, long seed) {
        return new TestChain(policy, network, validatorCount, seed, false);
    }

    /** A chain whose every election block names a fresh validator set. */
    public static TestChain rotating(Policy policy, int network, int validatorCount, long seed) {
        return new TestChain(policy, network, validatorCount, seed, true);
    }

    public Policy policy() {
        return policy;
    }

    public int network() {
        return network;
    }

    public MacroBlock genesis() {
        return blocks.get(0);
    }

    public MacroBlock head() {
        return blocks.get(blocks.size() - 1);
    }

    /** All macro blocks, genesis first. */
    public List<MacroBlock> blocks() {
        return List.copyOf(blocks);
    }

    public MacroBlock block(long number) {
        for (MacroBlock b : blocks) {
            if (b.blockNumber() == number) {
                return b;
            }
        }
        throw new IllegalArgumentException("no macro block " + number);
    }

    /** The validators (with keys) that signed {@code block}. */
    public TestValidators governing(MacroBlock block) {
        return governing.get(block.hash());
    }

    /** The validators with keys that sign the next block. */
    public TestValidators currentValidators() {
        return current;
    }

    /** Leaves of the block's epoch history at the block. */
    public long historyLength(MacroBlock block) {
        return historyLength.get(block.hash());
    }

    /** The epoch's historic transactions so far. */
    public List<HistoricTransaction> history(long epoch) {
        return List.copyOf(items.getOrDefault(epoch, List.of()));
    }

    public MacroBlock addBatch(int txCount) {
        return addBatch(txCount, 200);
    }

    /** Adds one batch: {@code txCount} transfers of about {@code txSize} bytes, then its macro block. */
    public MacroBlock addBatch(int txCount, int txSize) {
        MacroBlock previous = head();
        long number = policy.macroBlockAfter(previous.blockNumber());
        long epoch = policy.epochAt(number);
        List<HistoricTransaction> epochItems = items.computeIfAbsent(epoch, e -> new ArrayList<>());
        HistoryTree tree = trees.computeIfAbsent(epoch, e -> new HistoryTree(new InMemoryNodeStore()));
        long first = previous.blockNumber() + 1;
        for (int i = 0; i < txCount; i++) {
            long bn = first + (long) i * (number - first + 1) / Math.max(1, txCount);
            HistoricTransaction tx = TestTransactions.transfer(rnd, bn, timeOf(bn), txSize);
            epochItems.add(tx);
            tree.append(tx);
        }
        boolean election = policy.isElectionBlockAt(number);
        TestValidators signers = current;
        TestValidators next =
                election && rotateValidators ? TestValidators.create(validatorCount, policy.slots(), rnd) : current;
        MacroBody body = election ? MacroBody.election(next.set()) : MacroBody.CHECKPOINT;
        Hash parentElection = policy.isElectionBlockAt(previous.blockNumber())
                ? previous.hash()
                : previous.header().parentElectionHash();
        MacroHeader header = new MacroHeader(
                network,
                MacroBlockVerifier.VERSION,
                number,
                timeOf(number),
                previous.hash(),
                parentElection,
                tree.root(),
                body.hash(),
                ByteString.EMPTY);
        MacroBlock block = new MacroBlock(header, body, Optional.of(signers.signAll(network, header.hash())));
        blocks.add(block);
        historyLength.put(block.hash(), tree.numLeaves());
        governing.put(block.hash(), signers);
        current = next;
        return block;
    }

    public TestChain addBatches(int count, int txPerBatch) {
        for (int i = 0; i < count; i++) {
            addBatch(txPerBatch);
        }
        return this;
    }

    public long timeOf(long blockNumber) {
        return GENESIS_TIME + (blockNumber - policy.genesisBlockNumber()) * BLOCK_TIME;
    }

    /**
     * The batch set info a server answers for {@code block}: every macro block of its epoch up to it
     * (genesis alone for epoch 0), each with a size proof, only the last one with its justification,
     * and the block again as election block if it is one.
     */
    public BatchSetInfo batchSetInfo(MacroBlock block) {
        long epoch = policy.epochAt(block.blockNumber());
        List<BatchSet> sets = new ArrayList<>();
        for (MacroBlock b : blocks) {
            if (policy.epochAt(b.blockNumber()) == epoch && b.blockNumber() <= block.blockNumber()) {
                MacroBlock sent = b.blockNumber() == block.blockNumber() ? b : b.withoutJustification();
                sets.add(new BatchSet(sent, sizeProof(b)));
            }
        }
        Optional<MacroBlock> election =
                policy.isElectionBlockAt(block.blockNumber()) ? Optional.of(block) : Optional.empty();
        return new BatchSetInfo(election, sets);
    }

    public SizeProof sizeProof(MacroBlock block) {
        return sizeProofAt(policy.epochAt(block.blockNumber()), historyLength(block));
    }

    /** The root of the epoch's history tree when it held {@code leaves} leaves. */
    public Hash historyRootAt(long epoch, long leaves) {
        try {
            return leaves == 0 ? HistoryTree.emptyRoot() : trees.get(epoch).rootAt(leaves);
        } catch (ProofException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A size proof for the epoch's history tree when it held {@code leaves} leaves. */
    public SizeProof sizeProofAt(long epoch, long leaves) {
        try {
            return leaves == 0
                    ? SizeProof.EmptyTree.INSTANCE
                    : trees.get(epoch).proveSize(leaves, items.get(epoch).get(0));
        } catch (ProofException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Chunk {@code chunkIndex} (1024 leaves) of the block's epoch history, proved against the block's root. */
    public HistoryTreeChunk chunk(MacroBlock block, long chunkIndex) {
        long epoch = policy.epochAt(block.blockNumber());
        long leaves = historyLength(block);
        long start = chunkIndex * Limits.CHUNK_SIZE;
        long end = Math.min(start + Limits.CHUNK_SIZE, leaves);
        try {
            RangeProof proof = trees.get(epoch).proveRange(start, end - start, leaves);
            return new HistoryTreeChunk(proof, items.get(epoch).subList((int) start, (int) end));
        } catch (ProofException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The verification state right after {@code electionBlock} (genesis or an epoch's last block). */
    public BatchSetVerifyState stateAfter(MacroBlock electionBlock) {
        return BatchSetVerifyState.afterElectionBlock(network, electionBlock);
    }
}
