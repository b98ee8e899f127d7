package io.hms.actors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.node.DataDirectory;
import io.hms.actors.node.NodeConfig;
import io.hms.actors.node.NodeSystem;
import io.hms.actors.node.ServingNode;
import io.hms.actors.node.Stores;
import io.hms.actors.settings.HmsSettings;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.store.StoreOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HmsCommandTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"generate", "serve", "sync", "demo", "status", "tx", "block", "txs", "rpc", "completion"})
    void shouldExplainEveryCommandWhenAskedForHelp(String command) {
        Run run = hms(command, "--help");

        assertThat(run.exit).isZero();
        assertThat(run.out).contains("Usage: hms " + command).contains("--help");
        assertThat(run.err).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "frobnicate",
                "generate --out",
                "generate --out x --epochs many --txs-per-batch 1",
                "generate --out x --epochs 1 --txs-per-batch 1 --policy moon",
                "sync --data x --peer nohost",
                "sync --data x --peer h:99999",
                "serve --data x --produce-every soon",
                "tx --data x 12ab",
                "block --data x -4",
                "status --data",
                "serve --config",
                "demo --epochs 0"
            })
    void shouldPrintOneLineAndExitWithTwoWhenAnArgumentIsBad(String args) {
        Run run = hms(args.isEmpty() ? new String[0] : args.split(" "));

        assertThat(run.exit).as(run.err).isEqualTo(2);
        assertThat(run.err.lines().toList()).as(run.err).hasSize(1);
        assertThat(run.err).startsWith("hms");
    }

    @Test
    void shouldSayInPlainWordsWhenAnOptionIsNotANumber() {
        Run whole = hms("generate", "--out", "x", "--epochs", "many", "--txs-per-batch", "1");
        assertThat(whole.err.strip())
                .isEqualTo("hms generate: --epochs: 'many' is not a whole number" + " (see 'hms generate --help')");
        assertThat(whole.exit).isEqualTo(2);

        Run decimal = hms("serve", "--data", "x", "--bandwidth", "fast");
        assertThat(decimal.err.strip())
                .isEqualTo("hms serve: --bandwidth: 'fast' is not a number" + " (see 'hms serve --help')");
        assertThat(decimal.exit).isEqualTo(2);
    }

    @Test
    void shouldAnswerStatusTxAndBlockQueriesWhenAChainWasGenerated() {
        Path dir = tmp.resolve("chain");
        Run generated =
                hms("generate", "--out", dir.toString(), "--epochs", "2", "--txs-per-batch", "20", "--checkpoint");
        assertThat(generated.exit).as(generated.err).isZero();
        assertThat(generated.out).contains("9 batches");

        Run status = hms("status", "--data", dir.toString());
        assertThat(status.exit).isZero();
        assertThat(status.out)
                .contains("macro head    block 36 (checkpoint, epoch 3)")
                .contains("2 complete")
                .doesNotContain("DIFFERS");

        Run json = hms("status", "--data", dir.toString(), "--json");
        assertThat(json.out).contains("\"completeEpochs\" : 2");

        Run block = hms("block", "--data", dir.toString(), "6");
        assertThat(block.exit).isZero();
        assertThat(block.out).contains("\"kind\" : \"micro\"").contains("\"closedByBlock\" : 8");
        String hash = block.out
                .lines()
                .filter(l -> l.contains("\"hash\""))
                .findFirst()
                .orElseThrow()
                .replaceAll(".*: \"(\\w+)\".*", "$1");

        Run tx = hms("tx", "--data", dir.toString(), hash);
        assertThat(tx.exit).as(tx.err).isZero();
        assertThat(tx.out).contains("\"proofVerified\" : true").contains("\"blockNumber\" : 6");
    }

    @Test
    void shouldFailWithOneWhenTheQueriedThingIsNotThere() {
        Path dir = tmp.resolve("chain");
        hms("generate", "--out", dir.toString(), "--epochs", "1", "--txs-per-batch", "5");

        assertThat(hms("tx", "--data", dir.toString(), "ab".repeat(32)).exit).isEqualTo(1);
        Run beyond = hms("block", "--data", dir.toString(), "1000");
        assertThat(beyond.exit).isEqualTo(1);
        assertThat(beyond.err).contains("not in the store");
        Run none = hms("status", "--data", tmp.resolve("nothing").toString());
        assertThat(none.exit).isEqualTo(1);
        assertThat(none.err).contains("no chain store");
    }

    @Test
    void shouldSyncAndReportEachPeerWhenThePeersServeTheChain() throws Exception {
        syncFromAServedChain();
    }

    @Test
    void shouldCompleteAStoreWhoseCreationWasInterruptedAndSync() throws Exception {
        // what a process killed while creating the store leaves: a database without genesis and spec
        Path store = new DataDirectory(tmp.resolve("node")).store();
        java.nio.file.Files.createDirectories(store);
        try (org.rocksdb.Options options = new org.rocksdb.Options().setCreateIfMissing(true);
                org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(options, store.toString())) {
            assertThat(db.getLatestSequenceNumber()).isZero();
        }

        syncFromAServedChain();
    }

    private void syncFromAServedChain() throws Exception {
        Path source = tmp.resolve("source");
        hms(
                "generate",
                "--out",
                source.toString(),
                "--epochs",
                "2",
                "--txs-per-batch",
                "50",
                "--checkpoint",
                "--unsigned-transfers");
        ActorSystem<Void> system = NodeSystem.create("cli-test");
        try (RocksDbBlockchain chain = Stores.openAsIs(new DataDirectory(source), false);
                ServingNode server = ServingNode.start(system, chain, NodeConfig.defaults(HmsSettings.defaults()))) {
            String peer = "127.0.0.1:" + server.address().getPort();

            Run sync =
                    hms("sync", "--data", tmp.resolve("node").toString(), "--spec", source.toString(), "--peer", peer);

            assertThat(sync.exit).as(sync.out + sync.err).isZero();
            assertThat(sync.out)
                    .contains(peer)
                    .contains("Good")
                    .contains("its head is ours")
                    .contains("synced from block 0 to block 36");
        } finally {
            system.terminate();
        }
    }

    @Test
    void shouldFailClearlyWhenNoPeerCanBeSyncedFrom() throws Exception {
        Path source = tmp.resolve("source");
        hms("generate", "--out", source.toString(), "--epochs", "2", "--txs-per-batch", "10", "--unsigned-transfers");
        ActorSystem<Void> system = NodeSystem.create("cli-test");
        try (RocksDbBlockchain pruned = new DataDirectory(source).open(StoreOptions.PRUNED);
                ServingNode server = ServingNode.start(system, pruned, NodeConfig.defaults(HmsSettings.defaults()))) {
            String peer = "127.0.0.1:" + server.address().getPort();

            Run sync = hms(
                    "sync",
                    "--data",
                    tmp.resolve("node").toString(),
                    "--spec",
                    source.toString(),
                    "--peer",
                    peer,
                    "--connect-timeout",
                    "2s");

            assertThat(sync.exit).isEqualTo(1);
            assertThat(sync.out).contains(peer).contains("Incompatible");
            assertThat(sync.err).contains("no peer could be synced from");
        } finally {
            system.terminate();
        }
    }

    @Test
    void shouldRefuseToSyncANewDirectoryWithoutASpec() {
        Run sync = hms("sync", "--data", tmp.resolve("node").toString(), "--peer", "127.0.0.1:1");

        assertThat(sync.exit).isEqualTo(1);
        assertThat(sync.err).contains("--spec");
    }

    private static Run hms(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = HmsCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    private record Run(int exit, String out, String err) {}
}
