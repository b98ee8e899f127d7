package io.hms.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hms.protocol.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A JSON-RPC 2.0 client over the JDK's HTTP client, for tests against a running hms node. */
final class RpcClient {
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI url;

    RpcClient(String url) {
        this.url = URI.create(url);
    }

    /** Calls {@code method} with positional {@code params}; its {@code result} (an error fails the test). */
    JsonNode result(String method, Object... params) throws Exception {
        ObjectNode call = Json.mapper()
                .createObjectNode()
                .put("jsonrpc", "2.0")
                .put("id", 1)
                .put("method", method);
        call.set("params", Json.mapper().valueToTree(params));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(url)
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(call.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = Json.mapper().readTree(response.body());
        if (response.statusCode() != 200 || !answer.has("result")) {
            throw new AssertionError(method + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return answer.get("result");
    }
}
