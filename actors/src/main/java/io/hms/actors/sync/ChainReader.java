package io.hms.actors.sync;

import io.hms.actors.cluster.ClusterStart;
import io.hms.engine.store.ChainView;
import io.hms.engine.sync.clustering.ClusteringState;
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

    /** {@code state} with our current heads. */
    ClusteringState refresh(ClusteringState state) {
        MacroBlock election = chain.electionHead();
        return state.withChain(election.hash(), policy.epochAt(election.blockNumber()), chain.headBlockNumber());
    }

    /** Where a cluster starts when nothing is waiting to be applied: our store's state. */
    ClusterStart startFromStore() {
        MacroBlock macroHead = chain.macroHead();
        long leaves = chain.historyLengthAt(macroHead.blockNumber()).orElse(0);
        return new ClusterStart(
                BatchSetVerifyState.afterElectionBlock(network, chain.electionHead()),
                chain.headBlockNumber(),
                macroHead.blockNumber(),
                leaves);
    }

    /** Where a cluster starts behind one that ends at election block {@code tip} (not applied yet). */
    static ClusterStart startAfter(BatchSetVerifyState tip) {
        long number = tip.predecessor().blockNumber();
        return new ClusterStart(tip, number, number, 0);
    }

    /** {@code state} as it will look once the chain has reached {@code start}. */
    ClusteringState projected(ClusteringState state, ClusterStart start) {
        MacroBlock election = start.verifyState().predecessor();
        return state.withChain(election.hash(), policy.epochAt(election.blockNumber()), start.headBlockNumber());
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
