package io.hms.engine.reliability;

import io.hms.engine.store.ChainView;
import io.hms.protocol.Limits;
import io.hms.protocol.Policy;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds requests whose fields mix a serving store's own hashes and block numbers with hostile
 * values (unknown and flipped hashes, genesis, micro positions, numbers past the head, chunk
 * indexes whose product with 1024 overflows, 0 and 65535 epochs, up to the maximum of locators),
 * from any source of choices: Jazzer's data provider or a seeded random generator.
 */
final class RequestGenerator {

    /** Where the choices come from. */
    interface Choices {
        /** A value in {@code [0, bound)}. */
        int pick(int bound);

        long anyLong();

        byte[] bytes(int n);

        static Choices of(SplittableRandom rnd) {
            return new Choices() {
                @Override
                public int pick(int bound) {
                    return rnd.nextInt(bound);
                }

                @Override
                public long anyLong() {
                    return rnd.nextLong();
                }

                @Override
                public byte[] bytes(int n) {
                    byte[] b = new byte[n];
                    rnd.nextBytes(b);
                    return b;
                }
            };
        }
    }

    private final Policy policy;
    private final List<Hash> hashes = new ArrayList<>();
    private final List<Long> numbers = new ArrayList<>();

    /** Collects the hashes and numbers of {@code store}'s main chain (genesis included). */
    RequestGenerator(ChainView store) {
        policy = store.spec().policy();
        long head = store.headBlockNumber();
        for (long n = policy.genesisBlockNumber(); n <= head; n += policy.blocksPerBatch()) {
            store.mainChainBlockAt(n).map(MacroBlock::hash).ifPresent(hashes::add);
            numbers.add(n);
            numbers.add(n + 1);
        }
        numbers.add(head + policy.blocksPerBatch());
        numbers.add(Policy.MAX_BLOCK_NUMBER);
    }

    Request next(Choices c) {
        int type = c.pick(3);
        if (type == 0) {
            int count = c.pick(8) == 0 ? c.pick(Limits.MAX_LOCATORS + 1) : c.pick(4);
            List<Hash> locators = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                locators.add(hash(c));
            }
            int[] special = {0, 1, 2, 1000, 65535};
            int maxEpochs = c.pick(2) == 0 ? special[c.pick(special.length)] : c.pick(65536);
            return new RequestMacroChain(locators, maxEpochs);
        } else if (type == 1) {
            return new RequestBatchSet(hash(c));
        }
        long block = c.pick(4) == 0 ? c.anyLong() & Policy.MAX_BLOCK_NUMBER : numbers.get(c.pick(numbers.size()));
        long epoch = c.pick(4) == 0
                ? c.anyLong() & Policy.MAX_BLOCK_NUMBER
                : Math.max(0, policy.epochAt(block) + c.pick(3) - 1);
        long[] special = {0, 1, 2, 3, 1L << 54, (1L << 54) + 1, -1, Long.MAX_VALUE, Long.MIN_VALUE};
        long chunk = c.pick(3) == 0 ? c.anyLong() : special[c.pick(special.length)];
        return new RequestHistoryChunk(epoch, block, chunk);
    }

    private Hash hash(Choices c) {
        int kind = c.pick(4);
        if (kind == 0) {
            return Hash.of(c.bytes(Hash.LENGTH));
        } else if (kind == 1) {
            byte[] b = hashes.get(c.pick(hashes.size())).toByteArray();
            b[c.pick(Hash.LENGTH)] ^= (byte) (1 << c.pick(8));
            return Hash.of(b);
        }
        return hashes.get(c.pick(hashes.size()));
    }
}
