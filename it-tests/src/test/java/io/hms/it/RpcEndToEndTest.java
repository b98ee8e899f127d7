package io.hms.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hms.it.reliability.HmsProcess;
import io.hms.protocol.Json;
import io.hms.protocol.Policy;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.ValidatorSet;
import io.hms.protocol.proof.RangeProof;
import io.hms.verifier.JustificationVerifier;
import io.hms.verifier.mmr.HistoryProofVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON-RPC end to end, as a user runs it (issue 16): real {@code hms} processes from the shaded jar
 * over real HTTP. Two {@code hms serve --rpc-port} nodes serve a generated chain, paced so that the
 * sync takes a while; {@code hms sync --rpc-port --follow} syncs from them and answers {@code
 * getSyncStatus} and {@code getHead} while it syncs and after. Once synced it answers every query as
 * the serving node does, and its inclusion proofs verify with the protocol and verifier modules
 * alone against blocks the client trusts by their hash (taken from the other node) or, where stored,
 * by their justification. Every documented method is also called on a serving node.
 */
class RpcEndToEndTest {
    /** How long a child may take to reach a state; the test fails rather than hangs past it. */
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private static final Pattern SERVING = Pattern.compile("serving .* on 127\\.0\\.0\\.1:(\\d+) ");
    private static final Pattern LISTENING = Pattern.compile("json-rpc on (http://[\\d.]+:\\d+/)");
    /** The chain `hms generate` makes by default. */
    private static final Policy POLICY = Policy.UNIT;

    @TempDir
    Path dir;

    @Test
    void aSyncingNodeAnswersItsProgressWhileItSyncsAndEveryQueryOnceSynced() throws Exception {
        Path chain = dir.resolve("chain");
        Process generate = HmsProcess.start(
                dir.resolve("generate.log"),
                "generate",
                "--out",
                chain.toString(),
                "--epochs",
                "6",
                "--txs-per-batch",
                "300",
                "--unsigned-transfers",
                "--seed",
                "16");
        assertThat(generate.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(generate.exitValue())
                .as(HmsProcess.output(dir.resolve("generate.log")))
                .isZero();
        Path copy = dir.resolve("chain-copy");
        copyTree(chain, copy);

        List<Process> children = new ArrayList<>();
        try {
            Path logA = dir.resolve("serve-a.log");
            Path logB = dir.resolve("serve-b.log");
            children.add(serve(chain, logA));
            children.add(serve(copy, logB));
            String peerA = "127.0.0.1:" + await(logA, SERVING).group(1);
            String peerB = "127.0.0.1:" + await(logB, SERVING).group(1);
            RpcClient served = new RpcClient(await(logA, LISTENING).group(1));
            JsonNode source = served.result("getHead");

            Path syncLog = dir.resolve("sync.log");
            children.add(HmsProcess.start(
                    syncLog,
                    "sync",
                    "--data",
                    dir.resolve("synced").toString(),
                    "--spec",
                    chain.toString(),
                    "--peer",
                    peerA,
                    "--peer",
                    peerB,
                    "--rpc-port",
                    "0",
                    "--follow",
                    "--progress",
                    "off"));
            RpcClient syncing = new RpcClient(await(syncLog, LISTENING).group(1));

            assertThat(watchUntilSynced(syncing, source, syncLog))
                    .as("getSyncStatus answered while the sync ran: %s", HmsProcess.output(syncLog))
                    .isPositive();

            JsonNode head = syncing.result("getHead");
            for (String field : List.of("network", "genesisHash", "macroHead", "electionHead", "totalTransactions")) {
                assertThat(head.get(field)).as(field).isEqualTo(source.get(field));
            }
            // each peer's latest result: one slowed down by the load may be reported Outdated once (a timed
            // out request) before --follow (every 2 s) finds it Good again, so this waits for both
            org.awaitility.Awaitility.await().atMost(PATIENCE).untilAsserted(() -> {
                JsonNode status = syncing.result("getSyncStatus");
                assertThat(status.get("synced").asBoolean()).isTrue();
                assertThat(status.get("peers"))
                        .hasSize(2)
                        .allSatisfy(p -> assertThat(p.get("result").asText()).isEqualTo("Good"));
                assertThat(status.get("banned")).isEmpty();
            });
            assertThat(served.result("getSyncStatus")).isEqualTo(Json.mapper().readTree("{\"syncing\":false}"));

            answersAsTheServingNode(
                    syncing, served, source.get("macroHead").get("number").asLong());
        } finally {
            for (Process child : children) {
                child.destroy(); // SIGTERM: the shutdown hook closes the node
                if (!child.waitFor(60, TimeUnit.SECONDS)) {
                    child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    /**
     * Polls the syncing node until it reports synced; returns how many answers showed the sync
     * running and behind the source. Heads and applied epochs never go back.
     */
    private static int watchUntilSynced(RpcClient syncing, JsonNode source, Path log) throws Exception {
        long target = source.get("macroHead").get("number").asLong();
        int whileSyncing = 0;
        long lastHead = -1;
        long lastEpochs = -1;
        Instant until = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(until)) {
            JsonNode status = syncing.result("getSyncStatus");
            long head = syncing.result("getHead").get("macroHead").get("number").asLong();
            long epochs = status.get("progress").get("epochsApplied").asLong();
            assertThat(head).as("head never goes back").isGreaterThanOrEqualTo(lastHead);
            assertThat(epochs).as("epochs applied never go back").isGreaterThanOrEqualTo(lastEpochs);
            lastHead = head;
            lastEpochs = epochs;
            if (status.get("synced").asBoolean()) {
                return whileSyncing;
            }
            if (status.get("syncing").asBoolean() && head < target) {
                whileSyncing++;
            }
            Thread.sleep(200); // polling interval, not an assertion
        }
        throw new AssertionError("not synced within " + PATIENCE + ": " + HmsProcess.output(log));
    }

    /** Transactions, address pages, blocks and proofs of the synced node against the serving node's. */
    private static void answersAsTheServingNode(RpcClient syncing, RpcClient served, long head) throws Exception {
        Set<String> addresses = new LinkedHashSet<>();
        List<String> hashes = new ArrayList<>();
        for (long number : List.of(1L, (long) POLICY.blocksPerBatch(), head / 2, head / 2 + 1, head - 1, head)) {
            JsonNode block = served.result("getBlockByNumber", number);
            JsonNode ours = syncing.result("getBlockByNumber", number);
            for (String field : List.of("number", "kind", "epoch", "transactions", "truncated")) {
                assertThat(ours.get(field)).as("block %d %s", number, field).isEqualTo(block.get(field));
            }
            // a history sync stores the macro blocks of the batch sets it fetched, not every checkpoint:
            // its transactions are committed by that block (the lowest stored one at or after theirs)
            long committedBy = ours.get("committedBy").asLong();
            assertThat(committedBy)
                    .isGreaterThanOrEqualTo(block.get("committedBy").asLong());
            assertThat(POLICY.epochAt(committedBy)).isEqualTo(ours.get("epoch").asLong());
            if (!ours.get("hash").isNull()) {
                assertThat(ours.get("hash")).isEqualTo(block.get("hash"));
                JsonNode byHash =
                        syncing.result("getBlockByHash", ours.get("hash").asText());
                assertThat(byHash.get("number").asLong()).isEqualTo(number);
                assertThat(byHash.get("transactions")).isEqualTo(block.get("transactions"));
            }
            if (!block.get("hash").isNull()) {
                assertThat(served.result("getBlockByHash", block.get("hash").asText()))
                        .isEqualTo(block);
            }
            for (JsonNode tx : block.get("transactions")) {
                hashes.add(tx.get("hash").asText());
                JsonNode data = tx.get("transaction").get("data");
                Stream.of("sender", "recipient", "validator")
                        .filter(data::has)
                        .forEach(f -> addresses.add(data.get(f).asText()));
            }
        }
        assertThat(hashes).hasSizeGreaterThan(100);
        for (String hash : hashes) {
            assertThat(syncing.result("getTransactionByHash", hash))
                    .isEqualTo(served.result("getTransactionByHash", hash));
        }
        for (String hash : hashes.subList(0, 40)) {
            verifyInclusion(syncing.result("getTransactionInclusionProof", hash), hash, served);
            verifyInclusion(served.result("getTransactionInclusionProof", hash), hash, served);
        }
        for (String address : addresses.stream().limit(6).toList()) {
            List<JsonNode> ours = allPages(syncing, address);
            assertThat(ours).isNotEmpty().isEqualTo(allPages(served, address));
        }
    }

    /**
     * What a client does with an inclusion proof, with the protocol and verifier modules only: the
     * transaction hashes to what it asked, the block is the one the other node has at that number
     * (trusted by hash) and, if it carries a justification, that verifies against the validators the
     * previous election block names; the range proof of the one leaf reproduces its history root.
     */
    private static void verifyInclusion(JsonNode result, String asked, RpcClient trusted) throws Exception {
        HistoricTransaction tx = Json.mapper().treeToValue(result.get("transaction"), HistoricTransaction.class);
        MacroBlock block = Json.mapper().treeToValue(result.get("block"), MacroBlock.class);
        RangeProof proof = Json.mapper().treeToValue(result.get("proof"), RangeProof.class);
        assertThat(tx.hash()).isEqualTo(Hash.fromHex(asked));
        assertThat(block.hash().toHex())
                .isEqualTo(trusted.result("getBlockByNumber", block.blockNumber())
                        .get("hash")
                        .asText());
        if (block.justification().isPresent()) {
            long epoch = POLICY.epochAt(block.blockNumber());
            JsonNode election = trusted.result("getBlockByNumber", POLICY.electionBlockOf(epoch - 1));
            ValidatorSet validators = Json.mapper()
                    .treeToValue(election.get("block").get("body").get("nextValidators"), ValidatorSet.class);
            int network = trusted.result("getHead").get("network").asInt();
            assertThat(new JustificationVerifier()
                            .verify(network, block.hash(), block.justification().get(), validators, POLICY)
                            .isValid())
                    .as("justification of block %d", block.blockNumber())
                    .isTrue();
        }
        assertThat(HistoryProofVerifier.verifyRange(
                                proof,
                                block.header().historyRoot(),
                                result.get("leafIndex").asLong(),
                                List.of(tx))
                        .isValid())
                .as("proof of %s", asked)
                .isTrue();
    }

    /** Every page of getTransactionsByAddress, 50 at a time. */
    private static List<JsonNode> allPages(RpcClient rpc, String address) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        JsonNode next = null;
        do {
            JsonNode page = next == null
                    ? rpc.result("getTransactionsByAddress", address, 50)
                    : rpc.result("getTransactionsByAddress", address, 50, next.asText());
            page.get("transactions").forEach(all::add);
            next = page.get("next");
        } while (!next.isNull());
        return all;
    }

    private static Process serve(Path data, Path log) throws IOException {
        return HmsProcess.start(
                log, "serve", "--data", data.toString(), "--port", "0", "--bandwidth", "0.5", "--rpc-port", "0");
    }

    /** Waits for a line of the child's output to match; the match. */
    private static Matcher await(Path log, Pattern pattern) throws Exception {
        Instant until = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(until)) {
            Matcher m = pattern.matcher(HmsProcess.output(log));
            if (m.find()) {
                return m;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no line matching " + pattern + " in: " + HmsProcess.output(log));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }
}
