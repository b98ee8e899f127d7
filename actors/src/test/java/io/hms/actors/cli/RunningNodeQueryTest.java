package io.hms.actors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hms.actors.admin.NodeStatus;
import io.hms.actors.admin.PeerRow;
import io.hms.actors.node.StatusReport;
import io.hms.protocol.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running node answers queries (issue 14), with real {@code hms} processes: while {@code hms
 * serve} holds a store and {@code hms sync --follow} another, {@code status}, {@code block} and
 * {@code tx} read the stores beside them, and {@code hms peers} asks each node for its peers.
 */
class RunningNodeQueryTest {
    /** How long a child may take to reach a state; the test fails rather than hangs past it. */
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private static final Pattern SERVING = Pattern.compile("serving .* on 127\\.0\\.0\\.1:(\\d+) ");

    @TempDir
    static Path tmp;

    static Path chain;

    @BeforeAll
    static void generate() {
        chain = tmp.resolve("chain");
        StringWriter err = new StringWriter();
        int exit = HmsCommand.run(
                new String[] {"generate", "--out", chain.toString(), "--epochs", "2", "--txs-per-batch", "5"},
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertThat(exit).as(err.toString()).isZero();
    }

    @Test
    void shouldAnswerStatusTxBlockAndPeersWhileServeAndSyncHoldTheirStores() throws Exception {
        Path synced = tmp.resolve("synced");
        CliProcess.Started serve = CliProcess.start(tmp, java.util.List.of(), "serve", "--data", chain.toString());
        CliProcess.Started sync = null;
        try {
            String port = awaitMatch(serve, SERVING).group(1);
            awaitFile(serve, chain.resolve("admin.json"));

            CliProcess.Run status = hms("status", "--data", chain.toString());
            assertThat(status.exit()).as(status.err()).isZero();
            assertThat(status.out()).contains("macro head");
            StatusReport served = statusJson(chain);
            assertThat(served.transactions()).isPositive();

            long head = served.macroHead().blockNumber();
            CliProcess.Run block = hms("block", "--data", chain.toString(), "" + head);
            assertThat(block.exit()).as(block.err()).isZero();
            JsonNode recorded = Json.mapper().readTree(block.out()).get("transactions");
            assertThat(recorded).isNotEmpty();
            CliProcess.Run tx = hms(
                    "tx",
                    "--data",
                    chain.toString(),
                    recorded.get(0).get("hash").asText());
            assertThat(tx.exit()).as(tx.err()).isZero();
            assertThat(Json.mapper().readTree(tx.out()).get("proofVerified").asBoolean())
                    .isTrue();

            sync = CliProcess.start(
                    tmp,
                    java.util.List.of(),
                    "sync",
                    "--data",
                    synced.toString(),
                    "--spec",
                    chain.toString(),
                    "--peer",
                    "127.0.0.1:" + port,
                    "--follow");
            awaitMatch(sync, Pattern.compile("following new blocks"));
            awaitFile(sync, synced.resolve("admin.json"));

            assertThat(statusJson(synced).sameChainAs(served)).isTrue();
            CliProcess.Run syncPeers = hms("peers", "--data", synced.toString(), "--json");
            assertThat(syncPeers.exit()).as(syncPeers.err()).isZero();
            NodeStatus.Peers ours = Json.mapper().readValue(syncPeers.out(), NodeStatus.Peers.class);
            assertThat(ours.role()).isEqualTo("sync");
            PeerRow server = ours.peers().stream()
                    .filter(p -> p.peer().equals("127.0.0.1:" + port))
                    .findFirst()
                    .orElseThrow();
            assertThat(server.state()).isEqualTo("Good");
            assertThat(server.connected()).isTrue();
            assertThat(server.direction()).isEqualTo("outbound");
            assertThat(server.bytesReceived()).isPositive();
            assertThat(server.requestsSent()).isPositive();
            assertThat(server.requestsFailed()).isZero();

            CliProcess.Run servePeers = hms("peers", "--data", chain.toString());
            assertThat(servePeers.exit()).as(servePeers.err()).isZero();
            assertThat(servePeers.out()).contains("inbound").contains("connected");
            NodeStatus.Peers theirs = Json.mapper()
                    .readValue(
                            hms("peers", "--data", chain.toString(), "--json").out(), NodeStatus.Peers.class);
            assertThat(theirs.peers()).singleElement().satisfies(p -> {
                assertThat(p.direction()).isEqualTo("inbound");
                assertThat(p.requestsServed()).isPositive();
                assertThat(p.bytesSent()).isPositive();
            });
        } finally {
            stop(sync);
            stop(serve);
        }
        assertThat(chain.resolve("admin.json")).as("removed at stop").doesNotExist();
        CliProcess.Run none = hms("peers", "--data", chain.toString());
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.hmsLines()).singleElement().asString().startsWith("hms peers: no hms node is running on");
        assertThat(none.hasStackTrace()).isFalse();
    }

    private static StatusReport statusJson(Path data) throws Exception {
        CliProcess.Run run = hms("status", "--data", data.toString(), "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        return Json.mapper().readValue(run.out(), StatusReport.class);
    }

    /** Waits for a line of the child's stdout to match; the match. */
    private static Matcher awaitMatch(CliProcess.Started child, Pattern pattern) throws Exception {
        Instant until = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(until) && child.process().isAlive()) {
            Optional<Matcher> found = Files.readString(child.out())
                    .lines()
                    .map(pattern::matcher)
                    .filter(Matcher::find)
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            child.process().waitFor(100, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("no line matching " + pattern + "; stderr: " + child.errSoFar());
    }

    private static void awaitFile(CliProcess.Started child, Path file) throws Exception {
        Instant until = Instant.now().plus(PATIENCE);
        while (!Files.exists(file)
                && Instant.now().isBefore(until)
                && child.process().isAlive()) {
            child.process().waitFor(100, TimeUnit.MILLISECONDS);
        }
        assertThat(file).as(child.errSoFar()).exists();
    }

    private static void stop(CliProcess.Started child) throws InterruptedException {
        if (child != null) {
            child.process().destroy(); // SIGTERM: the shutdown hook closes the node
            if (!child.process().waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                child.process().destroyForcibly();
            }
        }
    }

    private static CliProcess.Run hms(String... args) throws Exception {
        return CliProcess.hms(tmp, args);
    }
}
