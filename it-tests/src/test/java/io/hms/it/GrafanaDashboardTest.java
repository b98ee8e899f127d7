package io.hms.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hms.actors.metrics.HmsMetrics;
import io.hms.actors.metrics.MetricsServer;
import io.hms.actors.node.ServingNode;
import io.hms.actors.node.SyncingNode;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.testing.TestChains.TestChain;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The example Grafana dashboard (docs/grafana/hms-dashboard.json) uses only meters a running sync
 * exports, and the progress and peer meters tell where a finished sync stands.
 */
class GrafanaDashboardTest {
    private static final GeneratorOptions CHAIN =
            GeneratorOptions.defaults(21).withShape(2, 1).withTransactions(100, 0.0, false);
    private static final Pattern METRIC = Pattern.compile("\\b((?:hms|jvm|process|system)_[a-z0-9_]+)");

    @RegisterExtension
    final Loopback net = new Loopback();

    @Test
    void everyMetricTheDashboardUsesIsExportedWhenANodeSyncs() throws Exception {
        String scrape = scrapeAfterSync();
        Set<String> exported = new TreeSet<>();
        scrape.lines()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .forEach(l -> exported.add(l.split("[{ ]", 2)[0]));

        List<String> used = dashboardMetrics();

        assertThat(used).isNotEmpty();
        assertThat(exported).containsAll(used);
        assertThat(scrape.lines().filter(l -> l.startsWith("# HELP ")))
                .as("every meter of a running sync has a HELP text")
                .allMatch(l -> l.matches("# HELP \\S+ \\S.*"));
    }

    @Test
    void progressAndPeerMetersShowTheChainWhenASyncIsDone() throws Exception {
        String scrape = scrapeAfterSync();

        assertThat(value(scrape, "hms_head_block")).isEqualTo(value(scrape, "hms_sync_target_block"));
        assertThat(value(scrape, "hms_epochs_synced")).isEqualTo(2.0);
        assertThat(value(scrape, "hms_epochs_target")).isEqualTo(2.0);
        assertThat(value(scrape, "hms_peers{state=\"good\"}")).isEqualTo(1.0);
        assertThat(scrape).containsPattern("hms_peer_items_total\\{peer=\"127\\.0\\.0\\.1:\\d+\"} [1-9]");
        assertThat(scrape)
                .containsPattern("hms_peer_bytes_total\\{direction=\"in\",peer=\"127\\.0\\.0\\.1:\\d+\"} [1-9]");
    }

    private String scrapeAfterSync() throws Exception {
        TestChain source = net.chain("source", CHAIN);
        ServingNode server = net.serve(source.chain());
        TestChain node = net.emptyChain("node", CHAIN);
        PrometheusMeterRegistry registry = MetricsServer.newRegistry();
        SyncingNode syncing =
                net.sync(node, net.config().withPeers(List.of(server.address())).withMetrics(new HmsMetrics(registry)));
        syncing.firstSynced().toCompletableFuture().get(60, TimeUnit.SECONDS);
        return registry.scrape();
    }

    private static List<String> dashboardMetrics() throws Exception {
        Path file = Path.of(System.getProperty("basedir", "."), "..", "docs", "grafana", "hms-dashboard.json");
        JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
        List<String> names = new ArrayList<>();
        for (JsonNode expr : dashboard.findValues("expr")) {
            Matcher m = METRIC.matcher(expr.asText());
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        for (JsonNode query : dashboard.findValues("query")) {
            Matcher m = METRIC.matcher(query.asText());
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static double value(String scrape, String series) {
        return scrape.lines()
                .filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError(series + " is not exported"));
    }
}
