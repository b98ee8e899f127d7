package io.hms.actors.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.hms.protocol.Json;
import io.hms.protocol.Policy;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.ValidatorSet;
import io.hms.protocol.proof.RangeProof;
import io.hms.verifier.JustificationVerifier;
import io.hms.verifier.VerifyResult;
import io.hms.verifier.mmr.HistoryProofVerifier;
import java.util.List;

/**
 * What a client does with a getTransactionInclusionProof answer, using only the protocol (types,
 * JSON) and verifier modules — nothing of the node: decode the JSON, check that the transaction
 * hashes to what was asked, that the block is one it trusts (its justification verifies against
 * the validators it knows for the block's epoch), and that the range proof of the one leaf
 * reproduces the block's history root.
 */
final class InclusionProofCheck {
    private InclusionProofCheck() {}

    static VerifyResult check(JsonNode result, Hash asked, ValidatorSet validators, int network, Policy policy)
            throws JsonProcessingException {
        HistoricTransaction tx = Json.mapper().treeToValue(result.get("transaction"), HistoricTransaction.class);
        MacroBlock block = Json.mapper().treeToValue(result.get("block"), MacroBlock.class);
        RangeProof proof = Json.mapper().treeToValue(result.get("proof"), RangeProof.class);
        long leaf = result.get("leafIndex").asLong();
        if (!tx.hash().equals(asked)) {
            return VerifyResult.invalid(io.hms.verifier.Fault.LEAF_OUTSIDE_TREE, "not the transaction asked for");
        }
        if (block.justification().isEmpty()) {
            return VerifyResult.invalid(io.hms.verifier.Fault.MISSING_JUSTIFICATION, "block without justification");
        }
        VerifyResult trusted = new JustificationVerifier()
                .verify(network, block.hash(), block.justification().get(), validators, policy);
        if (!trusted.isValid()) {
            return trusted;
        }
        return HistoryProofVerifier.verifyRange(proof, block.header().historyRoot(), leaf, List.of(tx));
    }
}
