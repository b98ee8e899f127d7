package io.hms.actors.sync;

import io.hms.actors.cluster.ClusterStart;
import io.hms.actors.cluster.RangeStart;
import io.hms.engine.store.ChainView;
import io.hms.engine.sync.clustering.ChainPosition;
import io.hms.engine.sync.clustering.ClusteringState;
import io.hms.engine.sync.clustering.StartPoint;
import io.hms.engine.sync.macrochain.LocatorBuilder;
import io.hms.engine.sync.macrochain.MacroChainRequest;
import io.hms.protocol.Policy;
import io.hms.protocol.model.MacroBlock;
import io.hms.verifier.BatchSetVerifyState;

/** What the supervisor reads from our chain: one consistent snapshot per question. */
final class ChainReader {
    private final ChainView chain;
    private final Policy policy;
    private final int network;

    ChainReader(ChainView chain) {
        this.chain = chain;
        this.policy = chain.spec().policy();
        this.network = chain.spec().networkId();
    }

    Policy policy() {
        return policy;
    }

    ClusteringState initialState() {
        MacroBlock election = chain.electionHead();
        return ClusteringState.initial(
                election.hash(), policy.epochAt(election.blockNumber()), chain.headBlockNumber());
    }

    /** Our chain now: election head and head block. */
    ChainPosition position() {
        MacroBlock election = chain.electionHead();
        return new ChainPosition(election.hash(), policy.epochAt(election.blockNumber()), chain.headBlockNumber());
    }

    /** Where a cluster that starts at {@code start} begins verifying. */
    RangeStart startOf(StartPoint start) {
        if (start instanceof StartPoint.Anchor anchor) {
            return new RangeStart.Anchor(network, anchor.id(), anchor.blockNumber());
        }
        return start instanceof StartPoint.After after ? startAfter(after.tip()) : startFromStore();
    }

    /** Where a cluster starts when nothing is waiting to be applied: our store's state. */
    private ClusterStart startFromStore() {
        MacroBlock macroHead = chain.macroHead();
        long leaves = chain.historyLengthAt(macroHead.blockNumber()).orElse(0);
        return new ClusterStart(
                BatchSetVerifyState.afterElectionBlock(network, chain.electionHead()),
                chain.headBlockNumber(),
                macroHead.blockNumber(),
                leaves);
    }

    /** Where a cluster starts behind one that ends at election block {@code tip} (not applied yet). */
    private static ClusterStart startAfter(BatchSetVerifyState tip) {
        long number = tip.predecessor().blockNumber();
        return new ClusterStart(tip, number, number, 0);
    }

    MacroChainRequest epochIdRequest(LocatorBuilder locators) {
        MacroBlock election = chain.electionHead();
        return locators.build(chain.macroHead().hash(), election.hash(), policy.epochAt(election.blockNumber()));
    }

    long headBlockNumber() {
        return chain.headBlockNumber();
    }

    long electionHeadEpoch() {
        return policy.epochAt(chain.electionHead().blockNumber());
    }
}
