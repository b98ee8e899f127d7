package io.hms.actors.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Policy;
import io.hms.protocol.model.HistoricTransaction;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An inclusion proof fetched over HTTP verifies with the verifier module alone, and a tampered one does not. */
class InclusionProofVerificationTest {
    @TempDir
    Path dir;

    @Test
    void shouldVerifyEveryProofFromTheApiWithTheVerifierAlone() throws Exception {
        try (TestChain test =
                        TestChains.create(dir, GeneratorOptions.defaults(11).withShape(2, 1));
                RpcFixture rpc = new RpcFixture(test.chain())) {
            Policy policy = test.spec().policy();
            int network = test.spec().networkId();
            int checked = 0;
            for (GeneratedBatch batch : test.batches()) {
                long epoch = policy.epochAt(batch.block().blockNumber());
                for (HistoricTransaction tx : batch.items()) {
                    JsonNode result = proof(rpc, tx);
                    assertThat(InclusionProofCheck.check(
                                            result, tx.hash(), test.chain().validatorsForEpoch(epoch), network, policy)
                                    .isValid())
                            .as("proof of %s", tx.hash().shortHex())
                            .isTrue();
                    checked++;
                }
            }
            assertThat(checked).isGreaterThan(10);
        }
    }

    @Test
    void shouldRejectAProofWhoseLeafOrBlockWasTamperedWith() throws Exception {
        try (TestChain test =
                        TestChains.create(dir, GeneratorOptions.defaults(12).withShape(1, 0));
                RpcFixture rpc = new RpcFixture(test.chain())) {
            Policy policy = test.spec().policy();
            GeneratedBatch batch = test.batches().get(1);
            HistoricTransaction tx = batch.items().get(1);
            var validators =
                    test.chain().validatorsForEpoch(policy.epochAt(batch.block().blockNumber()));
            int network = test.spec().networkId();

            ObjectNode wrongLeaf = (ObjectNode) proof(rpc, tx);
            wrongLeaf.put("leafIndex", wrongLeaf.get("leafIndex").asLong() + 1);
            assertThat(InclusionProofCheck.check(wrongLeaf, tx.hash(), validators, network, policy)
                            .isValid())
                    .isFalse();

            ObjectNode otherBlock = (ObjectNode) proof(rpc, tx);
            otherBlock.set(
                    "block", proof(rpc, test.batches().get(0).items().get(0)).get("block"));
            assertThat(InclusionProofCheck.check(otherBlock, tx.hash(), validators, network, policy)
                            .isValid())
                    .isFalse();

            ObjectNode unsigned = (ObjectNode) proof(rpc, tx);
            ((ObjectNode) unsigned.get("block")).putNull("justification");
            assertThat(InclusionProofCheck.check(unsigned, tx.hash(), validators, network, policy)
                            .isValid())
                    .isFalse();
        }
    }

    private static JsonNode proof(RpcFixture rpc, HistoricTransaction tx) throws Exception {
        JsonNode answer = rpc.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getTransactionInclusionProof\","
                + "\"params\":[\"" + tx.hash().toHex() + "\"]}");
        assertThat(answer.has("result")).as(answer.toString()).isTrue();
        return answer.get("result");
    }
}
