package io.hms.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.node.DataDirectory;
import io.hms.engine.store.Blockchain;
import io.hms.engine.store.StoreOptions;
import io.hms.engine.testing.TestChains.TestChain;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When every peer lies, {@code hms sync} (the real command, as a child process) bans them, stops
 * with exit code 1 and a message saying no peer could be synced from, and leaves nothing unverified
 * in the store: it holds a prefix of the true chain at most (with leaf-once fetching, the batch sets
 * below an epoch's final block can be complete and verified — one liar's honest info, the other's
 * honest chunks — before both are banned).
 */
class AllPeersLieTest {
    @TempDir
    Path dir;

    @Test
    void aSyncFromLiarsOnlyStopsWithAClearMessageAndAnUntouchedStore() throws Exception {
        try (ReliabilityNet net = new ReliabilityNet(dir)) {
            TestChain source = net.chain("source", LyingPeersTest.CHAIN);
            List<InetSocketAddress> liars = List.of(
                    net.lying(source.chain(), (q, r) -> Lie.FORGED_SIGNATURE.apply(source.chain(), q, r)),
                    net.lying(source.chain(), (q, r) -> Lie.TAMPERED_TRANSACTION.apply(source.chain(), q, r)));
            Path spec = HmsProcess.specFile(dir.resolve("spec"), source.spec());
            Path data = dir.resolve("node");
            Path log = dir.resolve("sync.log");

            Process sync = HmsProcess.sync(data, spec, liars, log, "--connect-timeout", "5s", "--timeout", "2m");

            assertThat(sync.waitFor(3, TimeUnit.MINUTES)).as("hms sync stopped").isTrue();
            String output = HmsProcess.output(log);
            System.out.printf("reliability all-liars exit=%d output:%n%s%n", sync.exitValue(), output);
            assertThat(sync.exitValue()).as(output).isEqualTo(1);
            assertThat(output).contains("no peer could be synced from");
            assertThat(output)
                    .as("each liar is listed as banned with its fault")
                    .contains("Banned")
                    .contains("INVALID_SIGNATURE")
                    .contains("RANGE_PROOF_INVALID");
            try (Blockchain node = new DataDirectory(data).open(StoreOptions.ARCHIVE)) {
                // nothing unverified: what the store holds (often nothing, sometimes the batch sets verified
                // from one liar's info and the other liar's chunks) is a prefix of the true chain
                assertThat(node.headBlockNumber()).isLessThan(source.chain().headBlockNumber());
                ReliabilityNet.assertVerifiedPrefix(node, source.chain());
            }
        }
    }
}
