package io.hms.engine.testing;

import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.store.ChainSpec;
import io.hms.protocol.Policy;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.ValidatorSet;
import io.hms.verifier.MacroBlockVerifier;
import io.hms.verifier.VerifyResult;
import io.hms.verifier.mmr.HistoryTree;
import io.hms.verifier.mmr.InMemoryNodeStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies a generated chain end to end with the verifier, independently of any store: every block
 * against its predecessor and the validators named by the previous election block, every batch's
 * items rebuilding the block's history root from the epoch's earlier items, item block numbers
 * inside {@code (previous macro, this macro]}, and leaf indices continuing the epoch.
 */
public final class GeneratedChainCheck {
    private GeneratedChainCheck() {}

    /** Every problem found, in chain order; empty for a valid chain. */
    public static List<String> problems(ChainSpec spec, List<GeneratedBatch> batches) {
        Policy policy = spec.policy();
        MacroBlockVerifier verifier = new MacroBlockVerifier();
        List<String> problems = new ArrayList<>();
        MacroBlock previous = spec.genesis();
        ValidatorSet validators = spec.genesisValidators();
        HistoryTree tree = new HistoryTree(new InMemoryNodeStore());
        for (GeneratedBatch batch : batches) {
            MacroBlock block = batch.block();
            long number = block.blockNumber();
            VerifyResult r = verifier.verify(block, previous, validators, spec.networkId(), policy);
            if (!r.isValid()) {
                problems.add("block " + number + ": " + r);
            }
            if (batch.firstLeafIndex() != tree.numLeaves()) {
                problems.add("block " + number + ": first leaf " + batch.firstLeafIndex() + ", epoch holds "
                        + tree.numLeaves());
            }
            for (HistoricTransaction tx : batch.items()) {
                if (tx.blockNumber() <= previous.blockNumber() || tx.blockNumber() > number) {
                    problems.add("block " + number + ": item at block " + tx.blockNumber() + " outside its batch");
                }
            }
            tree.appendAll(batch.items());
            if (!tree.root().equals(block.header().historyRoot())) {
                problems.add("block " + number + ": items do not reproduce the history root");
            }
            previous = block;
            if (policy.isElectionBlockAt(number)) {
                validators = block.body().nextValidators().orElse(validators);
                tree = new HistoryTree(new InMemoryNodeStore());
            }
        }
        return problems;
    }
}
