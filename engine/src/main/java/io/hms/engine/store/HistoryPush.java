package io.hms.engine.store;

import io.hms.engine.store.BatchSetBoundary.Adoption;
import io.hms.engine.store.PushResult.Extended;
import io.hms.engine.store.PushResult.Ignored;
import io.hms.engine.store.PushResult.Known;
import io.hms.engine.store.PushResult.Rejected;
import io.hms.protocol.Policy;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroHeader;
import io.hms.protocol.model.ValidatorSet;
import io.hms.verifier.Fault;
import io.hms.verifier.MacroBlockVerifier;
import io.hms.verifier.VerifyResult;
import io.hms.verifier.mmr.HistoryTree;
import java.util.Arrays;
import java.util.Optional;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pushHistorySync} (SPEC §5 adapted by §0): checks the block in SPEC order, streams the new
 * leaves into the epoch's MMR through a {@link PendingNodeStore}, compares the root and commits
 * block, heads, leaves, nodes, transaction index entries and the push's {@link AddressLog} record in
 * one synced {@link WriteBatch}. Every path that
 * does not reach the commit returns before anything is written, so a rejection changes nothing.
 * The caller serializes pushes.
 */
final class HistoryPush {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryPush.class);

    private final StoreColumns cols;
    private final ChainSpec spec;
    private final WriteOptions writeOptions;
    private final MacroBlockVerifier blocks = new MacroBlockVerifier();
    private final FinalityCheck finality;
    private final long historyChunksMaxSize;
    /** False only in benchmarks measuring the index's cost ({@link RocksDbBlockchain#skipAddressIndexForBenchmarks}). */
    private boolean indexAddresses = true;

    HistoryPush(StoreColumns cols, ChainSpec spec, WriteOptions writeOptions, StoreOptions options) {
        this.cols = cols;
        this.spec = spec;
        this.writeOptions = writeOptions;
        this.finality = new FinalityCheck(spec, options.verifiedAnchorEntries());
        this.historyChunksMaxSize = options.historyChunksMaxSize();
    }

    /** Benchmarks only: pushes write no address index entries (the store is then not a valid hms store). */
    void skipAddressIndex() {
        indexAddresses = false;
    }

    /** What a push adopts and how: the block, how it is final, how it is marked, where its items come from. */
    record Request(MacroBlock block, Finality finality, Adoption adoption, SourceOpener opener, boolean clearStaging) {}

    /**
     * The result of a push and the state after it (the old state unless the store was extended);
     * {@code logged}: the {@link AddressLog} record the commit wrote, if any.
     */
    record Outcome(PushResult result, ChainState state, Optional<AddressLog.Written> logged) {
        Outcome(PushResult result, ChainState state) {
            this(result, state, Optional.empty());
        }
    }

    /** Opens the push's items once the number of leaves we already hold in the block's epoch is known. */
    interface SourceOpener {
        LeafSource open(long knownLeaves) throws StoreException;
    }

    Outcome push(ChainState state, Request request) {
        try {
            return checkAndApply(state, request);
        } catch (StoreException e) {
            return new Outcome(new Rejected(PushError.STORE_FAILURE, e.getMessage()), state);
        } catch (UncheckedStoreException e) {
            return new Outcome(new Rejected(PushError.STORE_FAILURE, e.unwrap().getMessage()), state);
        }
    }

    private Outcome checkAndApply(ChainState state, Request request) throws StoreException {
        MacroBlock block = request.block();
        Hash hash = block.hash();
        if (cols.blocks.get(hash).isPresent()) {
            return new Outcome(new Known(hash), state);
        }
        MacroBlock head = state.macroHead().block();
        long number = block.blockNumber();
        if (number <= head.blockNumber()) {
            return new Outcome(new Ignored(number, head.blockNumber()), state);
        }
        Policy policy = spec.policy();
        if (!policy.isMacroBlockAt(number)) {
            return rejected(
                    state,
                    PushError.NOT_A_MACRO_BLOCK,
                    "block " + number + " is not a macro block",
                    Fault.NOT_A_MACRO_BLOCK_NUMBER);
        }
        VerifyResult checked = blocks.verifyIntrinsic(block, spec.networkId(), policy);
        if (checked.isValid()) {
            checked = blocks.verifySuccessor(block, head, policy);
        }
        if (checked instanceof VerifyResult.Invalid invalid) {
            return rejected(state, errorFor(invalid.fault()), invalid.detail(), invalid.fault());
        }
        long epoch = policy.epochAt(number);
        Optional<ValidatorSet> validators = cols.validators.get(epoch);
        if (validators.isEmpty()) {
            return new Outcome(
                    new Rejected(PushError.WRONG_VALIDATORS, "no validators stored for epoch " + epoch), state);
        }
        Optional<FinalityCheck.Failure> notFinal = finality.check(block, request.finality(), validators.get());
        if (notFinal.isPresent()) {
            return rejected(
                    state,
                    notFinal.get().error(),
                    notFinal.get().detail(),
                    notFinal.get().fault());
        }
        if (request.finality() instanceof Finality.ChainedTo) {
            block = new MacroBlock(block.header(), block.body(), Optional.empty());
        }
        long known =
                policy.epochAt(head.blockNumber()) == epoch ? state.macroHead().historyLength() : 0;
        try (LeafSource source = request.opener().open(known);
                WriteBatch batch = new WriteBatch()) {
            return apply(state, block, request, epoch, known, source, batch);
        }
    }

    private Outcome apply(
            ChainState state,
            MacroBlock block,
            Request request,
            long epoch,
            long known,
            LeafSource source,
            WriteBatch batch)
            throws StoreException {
        Hash hash = block.hash();
        long appendedBytes = 0;
        long first = source.firstLeaf();
        if (first < 0 || first > known) {
            return new Outcome(
                    new Rejected(
                            PushError.HISTORY_GAP,
                            "history starts at leaf " + first + " of epoch " + epoch + ", we hold " + known),
                    state);
        }
        HistoryTree tree =
                new HistoryTree(new PendingNodeStore(cols.mmr, batch, epoch, HistoryTree.sizeForLeaves(known)));
        long leaf = first;
        AddressGroups addresses = new AddressGroups(epoch);
        while (source.next()) {
            byte[] bytes = source.encoded();
            if (leaf < known) {
                EpochKey key = new EpochKey(epoch, leaf);
                byte[] stored = cols.history
                        .get(key)
                        .orElseThrow(() -> new StoreException(
                                StoreException.Kind.CORRUPTED, "leaf " + key + " below the stored count is missing"));
                if (!Arrays.equals(stored, bytes)) {
                    return new Outcome(
                            new Rejected(
                                    PushError.HISTORY_CONFLICT,
                                    "item for leaf " + leaf + " of epoch " + epoch + " differs from the stored one"),
                            state);
                }
            } else {
                // the leaf hash is the source's (see LeafSource): the root check below holds it to the block;
                // the nodes verification computed for this leaf are written as given if their seal holds
                if (!tree.appendLeafHash(source.leafHash(), source.nodes())) {
                    return new Outcome(
                            new Rejected(
                                    PushError.CARRIED_NODES_INVALID,
                                    "the MMR nodes carried for leaf " + leaf + " of epoch " + epoch
                                            + " are not the ones chunk verification computed"),
                            state);
                }
                appendedBytes += bytes.length;
                cols.history.putRaw(batch, EpochKey.CODEC.encode(new EpochKey(epoch, leaf)), bytes);
                cols.txIndex.put(batch, source.txHash(), new TxLocation(epoch, leaf, source.blockNumber()));
                if (indexAddresses) {
                    addresses.add(leaf, bytes);
                }
            }
            leaf++;
        }
        if (source.defect().isPresent()) {
            return new Outcome(
                    new Rejected(
                            PushError.HISTORY_LENGTH_MISMATCH, source.defect().get()),
                    state);
        }
        long length = Math.max(leaf, known);
        Hash root = tree.root();
        if (!root.equals(block.header().historyRoot())) {
            return new Outcome(
                    new Rejected(
                            PushError.HISTORY_ROOT_MISMATCH,
                            "appending up to leaf " + length + " of epoch "
                                    + epoch + " gives root " + root.shortHex() + ", block " + block.blockNumber()
                                    + " says "
                                    + block.header().historyRoot().shortHex()),
                    state);
        }
        Optional<AddressLog.Written> logged = Optional.empty();
        if (!addresses.isEmpty()) {
            // one record for the whole push; AddressLogFolder writes its per-prefix entries later
            logged = Optional.of(new AddressLog.Written(new EpochKey(epoch, known), addresses.logValue(known)));
            cols.addressLog
                    .orElseThrow()
                    .putRaw(
                            batch,
                            EpochKey.CODEC.encode(logged.get().key()),
                            logged.get().value());
        }
        ChainState next =
                stage(state, block, epoch, length, length - known, mark(state, block, request, appendedBytes), batch);
        if (request.finality() instanceof Finality.ChainedTo chained) {
            // the headers this block was authenticated by: with them this node can chain every block it
            // pushed when it serves the epoch (docs/PROTOCOL.md §5.3)
            for (MacroHeader link : chained.links()) {
                cols.linkHeaders.put(batch, link.blockNumber(), link);
            }
        }
        if (request.clearStaging()) {
            cols.staging.deleteRange(batch, StagingKey.CODEC.encode(new StagingKey(hash, 0)), StagingKey.endOf(hash));
        }
        try {
            cols.db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw RocksFailures.map(e, "committing block " + block.blockNumber());
        }
        LOG.debug(
                "pushed block={} hash={} epoch={} appended={} length={}",
                block.blockNumber(),
                hash.shortHex(),
                epoch,
                length - known,
                length);
        boolean election = spec.policy().isElectionBlockAt(block.blockNumber());
        return new Outcome(
                new Extended(hash, block.blockNumber(), epoch, election, length - known, length), next, logged);
    }

    /** SPEC §1.4: the block's batch-set boundary flag, continuing the count of the macro head's epoch. */
    private BatchSetBoundary.Mark mark(ChainState state, MacroBlock block, Request request, long appendedBytes) {
        Policy policy = spec.policy();
        StoredBlock head = state.macroHead();
        long headNumber = head.block().blockNumber();
        boolean sameEpoch = policy.epochAt(headNumber) == policy.epochAt(block.blockNumber())
                && !policy.isElectionBlockAt(headNumber);
        return BatchSetBoundary.mark(
                request.adoption(),
                policy.isElectionBlockAt(block.blockNumber()),
                sameEpoch ? head.bytesSinceBoundary() : 0,
                appendedBytes,
                historyChunksMaxSize);
    }

    /** Adds the block, its indexes and the new heads to the batch; returns the state after commit. */
    private ChainState stage(
            ChainState state,
            MacroBlock block,
            long epoch,
            long length,
            long appended,
            BatchSetBoundary.Mark mark,
            WriteBatch batch)
            throws StoreException {
        Hash hash = block.hash();
        boolean election = spec.policy().isElectionBlockAt(block.blockNumber());
        StoredBlock stored = new StoredBlock(block, length, mark.boundary(), mark.bytesSinceBoundary());
        cols.blocks.put(batch, hash, stored);
        cols.mainChain.put(batch, block.blockNumber(), hash);
        cols.epochs.put(batch, epoch, length);
        StoreHeads old = state.heads();
        long total = old.totalTransactions() + appended;
        long firstHistoryEpoch = old.firstHistoryEpoch();
        if (election) {
            cols.validators.put(batch, epoch + 1, block.body().nextValidators().orElseThrow());
            if (old.pruned()) {
                for (long e = firstHistoryEpoch; e < epoch; e++) {
                    total -= cols.epochs.get(e).orElse(0L);
                }
                firstHistoryEpoch = Math.max(firstHistoryEpoch, epoch);
            }
        }
        StoreHeads heads = new StoreHeads(
                election ? hash : old.electionHead(),
                hash,
                total,
                firstHistoryEpoch,
                old.sweptBelowEpoch(),
                old.pruned());
        cols.heads.put(batch, RocksDbBlockchain.HEADS_KEY, heads);
        return new ChainState(election ? stored : state.electionHead(), stored, heads);
    }

    private static Outcome rejected(ChainState state, PushError error, String detail, Fault fault) {
        return new Outcome(new Rejected(error, detail, Optional.of(fault)), state);
    }

    /** Which push error a verifier fault amounts to. */
    static PushError errorFor(Fault fault) {
        return switch (fault) {
            case NOT_A_MACRO_BLOCK_NUMBER -> PushError.NOT_A_MACRO_BLOCK;
            case NOT_A_SUCCESSOR,
                    WRONG_PARENT_ELECTION_HASH,
                    BLOCK_NUMBER_NOT_INCREASING,
                    BLOCK_BEYOND_NEXT_ELECTION,
                    TIMESTAMP_DECREASING -> PushError.WRONG_PREDECESSOR;
            case MISSING_JUSTIFICATION,
                    MALFORMED_JUSTIFICATION,
                    SIGNER_INDEX_OUT_OF_RANGE,
                    INSUFFICIENT_SLOTS,
                    INVALID_SIGNATURE -> PushError.INVALID_JUSTIFICATION;
            default -> PushError.INVALID_BLOCK;
        };
    }
}
