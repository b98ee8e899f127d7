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
    /** Answers 429 waited out before a call fails the test. */
    private static final int MAX_RATE_LIMITED_RETRIES = 100;

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
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(call.toString()))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        // a polite client: answered 429 (the node's per-client rate limit), it waits as told and asks again
        for (int retry = 0; response.statusCode() == 429 && retry < MAX_RATE_LIMITED_RETRIES; retry++) {
            JsonNode refused = Json.mapper().readTree(response.body());
            long wait =
                    refused.path("error").path("data").path("retryAfterMillis").asLong(100);
            Thread.sleep(Math.max(1, wait));
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        JsonNode answer = Json.mapper().readTree(response.body());
        if (response.statusCode() != 200 || !answer.has("result")) {
            throw new AssertionError(method + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return answer.get("result");
    }
}
