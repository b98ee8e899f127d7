package io.hms.engine.generator;

import io.hms.protocol.Policy;
import io.hms.protocol.model.BatchReward;
import io.hms.protocol.model.Blake2b;
import io.hms.protocol.model.ByteString;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.Jail;
import io.hms.protocol.model.Penalty;
import io.hms.protocol.model.PublicKey;
import io.hms.protocol.model.Signature;
import io.hms.protocol.model.Transfer;
import io.hms.protocol.model.Validator;
import io.hms.protocol.model.ValidatorSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The history items of one batch: transfers between a fixed pool of accounts ({@link AccountPool}) spread over the
 * batch's micro blocks, an occasional penalty (about one batch in ten) and jail (one in twenty) of
 * a governing validator, and one reward per governing validator in the closing macro block. Items
 * come out in chain order (block number ascending; rewards last).
 */
final class HistoryMix {
    private static final double PENALTY_RATE = 0.1;
    private static final double JAIL_RATE = 0.05;

    private final GeneratorOptions options;
    private final Policy policy;
    private final AccountPool accounts;

    HistoryMix(GeneratorOptions options) {
        this.options = options;
        this.policy = options.policy();
        this.accounts = AccountPool.of(options);
    }

    long blockTime(long blockNumber) {
        return options.genesisTimestamp() + (blockNumber - policy.genesisBlockNumber()) * options.blockTimeMs();
    }

    /** Items of batch {@code batch}, governed by {@code validators}; {@code empty} records nothing. */
    List<HistoricTransaction> batch(RandomGenerator rng, long batch, ValidatorSet validators, boolean empty) {
        if (empty) {
            return List.of();
        }
        long macro = policy.macroBlockOf(batch);
        long first = policy.firstBlockOfBatch(batch);
        long lastMicro = policy.blocksPerBatch() > 1 ? macro - 1 : macro;
        List<HistoricTransaction> items = new ArrayList<>(options.txsPerBatch() + validators.size() + 2);
        long[] blocks = new long[options.txsPerBatch()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = first + rng.nextLong(lastMicro - first + 1);
        }
        Arrays.sort(blocks);
        for (long block : blocks) {
            items.add(new HistoricTransaction(block, blockTime(block), transfer(rng, block)));
        }
        if (rng.nextDouble() < PENALTY_RATE) {
            long offense = first + rng.nextLong(lastMicro - first + 1);
            long block = offense + rng.nextLong(macro - offense + 1);
            PublicKey who = validators.get(rng.nextInt(validators.size())).signingKey();
            items.add(new HistoricTransaction(block, blockTime(block), new Penalty(who, offense)));
        }
        if (rng.nextDouble() < JAIL_RATE) {
            long epochStart = policy.firstBlockOf(policy.epochAt(macro));
            long block = first + rng.nextLong(macro - first + 1);
            long offense = epochStart + rng.nextLong(block - epochStart + 1);
            PublicKey who = validators.get(rng.nextInt(validators.size())).signingKey();
            items.add(new HistoricTransaction(block, blockTime(block), new Jail(who, offense)));
        }
        items.sort(Comparator.comparingLong(HistoricTransaction::blockNumber));
        for (int i = 0; i < validators.size(); i++) {
            Validator v = validators.get(i);
            PublicKey rewardAddress =
                    accounts.address(Math.floorMod(v.signingKey().hashCode(), accounts.size()));
            long value = 1_000L * v.slots() + rng.nextInt(1_000);
            items.add(new HistoricTransaction(
                    macro, blockTime(macro), new BatchReward(v.signingKey(), rewardAddress, value)));
        }
        return items;
    }

    private Transfer transfer(RandomGenerator rng, long block) {
        int n = accounts.size();
        int from = rng.nextInt(n);
        int to = (from + 1 + rng.nextInt(n - 1)) % n;
        long value = 1 + rng.nextLong(1_000_000_000L);
        long fee = rng.nextInt(1_000);
        long validityStart = Math.max(0, block - rng.nextInt(100));
        int size = options.minTxData() + rng.nextInt(options.maxTxData() - options.minTxData() + 1);
        byte[] bytes = new byte[size];
        rng.nextBytes(bytes);
        ByteString data = ByteString.wrap(bytes);
        PublicKey sender = accounts.address(from);
        PublicKey recipient = accounts.address(to);
        byte[] message =
                TransferSigning.message(options.networkId(), sender, recipient, value, fee, validityStart, data);
        Signature signature = options.signTransfers() ? accounts.key(from).sign(message) : filler(message);
        return new Transfer(options.networkId(), sender, recipient, value, fee, validityStart, data, signature);
    }

    /** 64 deterministic bytes derived from the message; shaped like a signature but not a valid one. */
    private static Signature filler(byte[] message) {
        byte[] first = Blake2b.hash(message).unsafeBytes();
        byte[] second = Blake2b.hash(first).unsafeBytes();
        byte[] sig = Arrays.copyOf(first, Signature.LENGTH);
        System.arraycopy(second, 0, sig, 32, 32);
        return Signature.of(sig);
    }
}
