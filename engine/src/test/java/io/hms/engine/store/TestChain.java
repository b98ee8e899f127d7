package io.hms.engine.store;

import io.hms.protocol.Policy;
import io.hms.protocol.model.BatchReward;
import io.hms.protocol.model.ByteString;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.Justification;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroBody;
import io.hms.protocol.model.MacroHeader;
import io.hms.protocol.model.PublicKey;
import io.hms.protocol.model.Signature;
import io.hms.protocol.model.Transfer;
import io.hms.protocol.model.Validator;
import io.hms.protocol.model.ValidatorSet;
import io.hms.verifier.JustificationVerifier;
import io.hms.verifier.crypto.SigningKey;
import io.hms.verifier.mmr.HistoryTree;
import io.hms.verifier.mmr.InMemoryNodeStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A small deterministic signed chain for store tests: four validators of 128 slots that rotate
 * between two key groups at every election, a configurable number of transfers per batch plus a
 * reward in each macro block, and history roots from an in-memory tree. Same seed, same chain.
 */
final class TestChain {
    static final int NETWORK = 7;
    static final long GENESIS_TIME = 1_700_000_000_000L;

    /** One macro block with the items it adds to its epoch, starting at leaf {@code firstLeaf}. */
    record Batch(MacroBlock block, long epoch, long firstLeaf, List<HistoricTransaction> items) {
        long endLeaf() {
            return firstLeaf + items.size();
        }
    }

    private final Policy policy;
    private final Random random;
    private final List<List<SigningKey>> keyGroups = new ArrayList<>();
    private final ChainSpec spec;
    private final List<Batch> batches = new ArrayList<>();
    private final List<List<HistoricTransaction>> epochItems = new ArrayList<>();
    private HistoryTree tree = new HistoryTree(new InMemoryNodeStore());
    private MacroBlock head;

    TestChain(long seed, Policy policy) {
        this.policy = policy;
        this.random = new Random(seed);
        for (int g = 0; g < 2; g++) {
            List<SigningKey> keys = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                keys.add(SigningKey.generate(random));
            }
            keyGroups.add(keys);
        }
        MacroBody body = MacroBody.election(validatorSet(1));
        MacroHeader header = new MacroHeader(
                NETWORK,
                1,
                policy.genesisBlockNumber(),
                GENESIS_TIME,
                Hash.ZERO,
                Hash.ZERO,
                HistoryTree.emptyRoot(),
                body.hash(),
                ByteString.EMPTY);
        head = new MacroBlock(header, body, Optional.empty());
        spec = new ChainSpec(policy, NETWORK, head);
        epochItems.add(new ArrayList<>());
    }

    ChainSpec spec() {
        return spec;
    }

    Policy policy() {
        return policy;
    }

    List<Batch> batches() {
        return batches;
    }

    Batch batch(int i) {
        return batches.get(i);
    }

    /** All items of {@code epoch} produced so far. */
    List<HistoricTransaction> epochItems(long epoch) {
        return epochItems.get((int) epoch);
    }

    /** The keys of the validators governing {@code epoch} (named by election block epoch − 1). */
    List<SigningKey> keysOf(long epoch) {
        return keyGroups.get((int) ((epoch + 1) % 2));
    }

    ValidatorSet validatorSet(long epoch) {
        List<Validator> validators = new ArrayList<>();
        for (SigningKey k : keysOf(epoch)) {
            validators.add(new Validator(k.publicKey(), policy.slots() / 4));
        }
        return new ValidatorSet(validators);
    }

    /** Appends {@code count} batches, each with {@code txs} transfers (drawn from 0..txs if random). */
    TestChain extend(int count, int txs) {
        for (int i = 0; i < count; i++) {
            extendOne(txs);
        }
        return this;
    }

    Batch extendOne(int txs) {
        return extendWith(txs, null);
    }

    /** Appends one batch whose transfers go between the given parties: sender, recipient, sender, … */
    Batch extendWithTransfers(PublicKey... parties) {
        return extendWith(parties.length / 2, parties);
    }

    private Batch extendWith(int txs, PublicKey[] parties) {
        long number = policy.macroBlockAfter(head.blockNumber());
        long epoch = policy.epochAt(number);
        if (epoch >= epochItems.size()) {
            epochItems.add(new ArrayList<>());
            tree = new HistoryTree(new InMemoryNodeStore());
        }
        List<HistoricTransaction> items = new ArrayList<>();
        long firstBlock = number - policy.blocksPerBatch() + 1;
        for (int i = 0; i < txs; i++) {
            long block = firstBlock + (long) i * policy.blocksPerBatch() / Math.max(1, txs);
            items.add(parties == null ? transfer(block) : transfer(block, parties[2 * i], parties[2 * i + 1]));
        }
        if (txs > 0) {
            PublicKey validator = keysOf(epoch).get(random.nextInt(4)).publicKey();
            items.add(new HistoricTransaction(number, time(number), new BatchReward(validator, validator, 1000 + txs)));
        }
        long firstLeaf = epochItems.get((int) epoch).size();
        items.forEach(tree::append);
        epochItems.get((int) epoch).addAll(items);
        boolean election = policy.isElectionBlockAt(number);
        MacroBody body = election ? MacroBody.election(validatorSet(epoch + 1)) : MacroBody.CHECKPOINT;
        MacroHeader header = new MacroHeader(
                NETWORK,
                1,
                number,
                time(number),
                head.hash(),
                electionHashFor(head),
                tree.root(),
                body.hash(),
                ByteString.EMPTY);
        head = sign(header, body);
        Batch batch = new Batch(head, epoch, firstLeaf, List.copyOf(items));
        batches.add(batch);
        return batch;
    }

    private Hash electionHashFor(MacroBlock predecessor) {
        return policy.isElectionBlockAt(predecessor.blockNumber())
                ? predecessor.hash()
                : predecessor.header().parentElectionHash();
    }

    /** A block with this header and body, justified by three of the four governing validators. */
    MacroBlock sign(MacroHeader header, MacroBody body) {
        long epoch = policy.epochAt(header.blockNumber());
        Justification j = JustificationVerifier.sign(NETWORK, header.hash(), keysOf(epoch), new int[] {0, 1, 2});
        return new MacroBlock(header, body, Optional.of(j));
    }

    /** The same block with another history root, validly signed: only the history check can catch it. */
    MacroBlock withHistoryRoot(MacroBlock block, Hash root) {
        MacroHeader h = block.header();
        MacroHeader changed = new MacroHeader(
                h.network(),
                h.version(),
                h.blockNumber(),
                h.timestamp(),
                h.parentHash(),
                h.parentElectionHash(),
                root,
                h.bodyRoot(),
                h.extraData());
        return sign(changed, block.body());
    }

    private long time(long number) {
        return GENESIS_TIME + (number - policy.genesisBlockNumber()) * 1000;
    }

    private HistoricTransaction transfer(long block) {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        random.nextBytes(a);
        random.nextBytes(b);
        return transfer(block, PublicKey.of(a), PublicKey.of(b));
    }

    private HistoricTransaction transfer(long block, PublicKey sender, PublicKey recipient) {
        byte[] sig = new byte[64];
        random.nextBytes(sig);
        byte[] data = new byte[random.nextInt(64)];
        random.nextBytes(data);
        Transfer t = new Transfer(
                NETWORK,
                sender,
                recipient,
                1 + random.nextInt(1_000_000),
                random.nextInt(100),
                block,
                ByteString.wrap(data),
                Signature.of(sig));
        return new HistoricTransaction(block, time(block), t);
    }
}
