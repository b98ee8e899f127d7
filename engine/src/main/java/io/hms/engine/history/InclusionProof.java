package io.hms.engine.history;

import io.hms.engine.store.TxLocation;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.proof.RangeProof;

/**
 * Everything a client needs to check that a transaction is part of the chain without trusting the
 * node: the transaction, its leaf in its epoch's history tree, the main-chain macro block whose
 * {@code history_root} commits to a tree of {@code leafCount} leaves holding it, and the range proof
 * of that one leaf against that root ({@code HistoryProofVerifier.verifyRange(proof,
 * block.header().historyRoot(), location.leafIndex(), List.of(transaction))}). The client trusts
 * the block by its hash or by its justification (if the store holds one: blocks a history sync
 * authenticated by a hash chain are stored without).
 */
public record InclusionProof(
        HistoricTransaction transaction, TxLocation location, MacroBlock block, long leafCount, RangeProof proof) {}
