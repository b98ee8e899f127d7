package io.hms.actors.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.hms.actors.node.NodeSystem;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.settings.RpcSettings;
import io.hms.engine.store.ChainView;
import io.hms.protocol.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/** A JSON-RPC server over a store on a loopback port, and a plain JDK HTTP client for it. */
final class RpcFixture implements AutoCloseable {
    final ActorSystem<Void> system;
    final RpcServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    RpcFixture(ChainView view) throws Exception {
        this(view, HmsSettings.defaults().rpc());
    }

    RpcFixture(ChainView view, RpcSettings settings) throws Exception {
        system = NodeSystem.create("rpc-test");
        try {
            server = RpcServer.start(
                    system,
                    new RpcMethods(view, SyncStatusSource.notSyncing(), settings).processor(),
                    settings,
                    "127.0.0.1",
                    0);
        } catch (Exception e) {
            system.terminate();
            throw e;
        }
    }

    /** The default settings with another rate limit and request timeout. */
    static RpcSettings settings(double requestsPerSecond, int burst, Duration requestTimeout) {
        RpcSettings base = HmsSettings.defaults().rpc();
        return new RpcSettings(
                base.maxBodyBytes(),
                base.maxBatch(),
                base.maxPage(),
                base.defaultPage(),
                base.maxBlockTransactions(),
                requestsPerSecond,
                burst,
                base.maxClients(),
                requestTimeout);
    }

    /** POSTs {@code body} to / and returns the raw response. */
    HttpResponse<String> post(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.address().getPort() + "/"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs {@code body} and parses the answer (HTTP 200 expected). */
    JsonNode call(String body) throws Exception {
        HttpResponse<String> response = post(body);
        if (response.statusCode() != 200) {
            throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
        }
        return Json.mapper().readTree(response.body());
    }

    @Override
    public void close() {
        server.close();
        system.terminate();
    }
}
