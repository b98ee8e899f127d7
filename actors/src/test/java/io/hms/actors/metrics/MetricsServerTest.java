package io.hms.actors.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.transport.CloseReason;
import io.hms.protocol.message.RequestType;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

    @Test
    void shouldServeEveryHmsMeterInPrometheusFormWhenScraped() throws Exception {
        PrometheusMeterRegistry registry = MetricsServer.newRegistry();
        HmsMetrics metrics = new HmsMetrics(registry);
        metrics.requestSent(RequestType.HISTORY_CHUNK, RequestOutcome.OK, Duration.ofMillis(12));
        metrics.requestSent(RequestType.BATCH_SET, RequestOutcome.TIMEOUT, Duration.ZERO);
        metrics.requestServed(RequestType.MACRO_CHAIN, ServeOutcome.RATE_LIMITED);
        metrics.bytesReceived(1000);
        metrics.bytesSent(10);
        metrics.connectionClosed(CloseReason.GENESIS_MISMATCH);
        metrics.batchSetApplied(1024);
        io.hms.engine.sync.PeerId peer = new io.hms.engine.sync.PeerId("127.0.0.1:7001");
        metrics.peerConnected(peer);
        metrics.peerResult(peer, PeerState.GOOD);
        metrics.clustersActive(2);
        metrics.peersConnected(3);
        metrics.verified(Duration.ofMillis(5));

        try (MetricsServer server = MetricsServer.start(registry, "127.0.0.1", 0)) {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                            + server.address().getPort() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .contains("hms_requests_sent_total{outcome=\"ok\",type=\"history_chunk\"} 1.0")
                    .contains("hms_requests_sent_total{outcome=\"timeout\",type=\"batch_set\"} 1.0")
                    .contains("hms_requests_served_total{outcome=\"rate_limited\",type=\"macro_chain\"} 1.0")
                    .contains("hms_request_duration_seconds_count{type=\"history_chunk\"} 1")
                    .contains("hms_transport_bytes_total{direction=\"in\"} 1000.0")
                    .contains("hms_connections_closed_total{reason=\"genesis_mismatch\"} 1.0")
                    .contains("hms_transactions_applied_total 1024.0")
                    .contains("hms_batch_sets_applied_total 1.0")
                    .contains("hms_peers{state=\"good\"} 1.0")
                    .contains("hms_clusters_active 2.0")
                    .contains("hms_peers_connected 3.0")
                    .contains("hms_verification_seconds_count 1")
                    .contains("jvm_memory_used_bytes")
                    .contains("jvm_gc_")
                    .contains("jvm_classes_loaded_classes")
                    .contains("process_uptime_seconds")
                    .contains("process_cpu_usage")
                    .contains("process_files_open_files");
            List<String> withoutHelp = response.body()
                    .lines()
                    .filter(l -> l.startsWith("# HELP ") && l.split(" ", 4).length < 4 || l.matches("# HELP \\S+\\s*"))
                    .toList();
            assertThat(withoutHelp).as("meters without a HELP text").isEmpty();
        }
    }
}
