package io.hms.actors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.cli.CliProcess.Run;
import io.hms.actors.cli.CliProcess.Started;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hms txs} on a store, and {@code hms rpc} against {@code hms serve --rpc-port}, as a user runs them. */
class RpcCommandsTest {
    private static final String VALIDATOR = "d45b3cff91d2570ca9374195027a41522d9b3a448bd3c0ad2e28df34e257e647";
    private static final Pattern LISTENING = Pattern.compile("json-rpc on (http://[\\d.]+:\\d+/)");

    @TempDir
    Path tmp;

    @Test
    void shouldListAnAddressAndAnswerCallsOfAServingNode() throws Exception {
        Path dir = tmp.resolve("chain");
        Run generated = CliProcess.hms(
                tmp, "generate", "--out", dir.toString(), "--epochs", "1", "--txs-per-batch", "2", "--seed", "7");
        assertThat(generated.exit()).as(generated.err()).isZero();

        Run txs = CliProcess.hms(tmp, "txs", "--data", dir.toString(), "--address", VALIDATOR, "--max", "2");
        assertThat(txs.exit()).as(txs.err()).isZero();
        assertThat(txs.out())
                .contains("\"next\" : \"c6904d1d25fa14a0d53614fde4ca56da3d30c41482477ee8784cf812c8887f4e\"");
        Run badAddress = CliProcess.hms(tmp, "txs", "--data", dir.toString(), "--address", "xyz");
        assertThat(badAddress.exit()).isEqualTo(1);
        assertThat(badAddress.hmsLines()).singleElement().asString().contains("-32602");

        Started serve =
                CliProcess.start(tmp, java.util.List.of(), "serve", "--data", dir.toString(), "--rpc-port", "0");
        try {
            AtomicReference<String> url = new AtomicReference<>();
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> {
                Matcher m = LISTENING.matcher(java.nio.file.Files.readString(serve.out()));
                return m.find() && url.compareAndSet(null, m.group(1));
            });
            Run head = CliProcess.hms(tmp, "rpc", "--url", url.get(), "getHead");
            assertThat(head.exit()).as(head.err()).isZero();
            assertThat(head.out()).contains("\"macroHead\"").contains("\"number\" : 16");
            Run missing = CliProcess.hms(tmp, "rpc", "--url", url.get(), "getTransactionByHash", "00".repeat(32));
            assertThat(missing.exit()).isEqualTo(1);
            assertThat(missing.hmsLines()).singleElement().asString().contains("error -32001");
            assertThat(missing.hasStackTrace()).isFalse();
        } finally {
            serve.process().destroy();
            serve.process().waitFor();
        }
    }
}
