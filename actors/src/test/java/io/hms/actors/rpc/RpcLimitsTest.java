package io.hms.actors.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.settings.RpcSettings;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.testing.ForwardingChainView;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Json;
import io.hms.protocol.model.MacroBlock;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits of the JSON-RPC server over real HTTP, beyond the envelope rules of {@link
 * RpcServerTest}: a body over the limit without a Content-Length, the rate limit per client address
 * (a batch takes one token), notifications that are never answered even when they fail, a request
 * that times out, a wrong path; every refusal is a JSON-RPC error with typed data, no stack trace.
 */
class RpcLimitsTest {
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getHead\"}";

    @TempDir
    static java.nio.file.Path dir;

    private static TestChain chain;
    private static RpcFixture rpc;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        chain = TestChains.create(dir, GeneratorOptions.defaults(3).withSignTransfers(false));
        rpc = new RpcFixture(chain.chain());
    }

    @AfterAll
    static void stop() {
        rpc.close();
        chain.close();
    }

    @Test
    void shouldRefuseAStreamedBodyOverTheLimitWithTypedData() throws Exception {
        byte[] big =
                ("[" + " ".repeat(HmsSettings.defaults().rpc().maxBodyBytes()) + "]").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(url(rpc))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertError(Json.mapper().readTree(response.body()), RpcError.INVALID_REQUEST, "InvalidRequest");
    }

    @Test
    void shouldNeverAnswerNotificationsEvenWhenTheyFail() throws Exception {
        String failing = "{\"jsonrpc\":\"2.0\",\"method\":\"nope\"}";
        String badParams = "{\"jsonrpc\":\"2.0\",\"method\":\"getBlockByNumber\",\"params\":[\"x\"]}";
        assertThat(rpc.post(failing).statusCode()).isEqualTo(204);
        HttpResponse<String> batch = rpc.post("[" + failing + "," + badParams + "]");
        assertThat(batch.statusCode()).isEqualTo(204);
        assertThat(batch.body()).isEmpty();
        JsonNode mixed = rpc.call("[" + failing + "," + CALL + "]");
        assertThat(mixed).hasSize(1);
        assertThat(mixed.get(0).has("result")).isTrue();
    }

    @Test
    void shouldAnswerAWrongPathWithAJsonRpcError() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(url(rpc).resolve("/other")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertError(Json.mapper().readTree(response.body()), RpcError.INVALID_REQUEST, "InvalidRequest");
    }

    @Test
    void shouldLimitEachClientAddressAndCountABatchOnce() throws Exception {
        String batch = "[" + String.join(",", Collections.nCopies(50, CALL)) + "]";
        try (RpcFixture limited = new RpcFixture(chain.chain(), rateLimited(2))) {
            assertThat(limited.call(batch)).hasSize(50);
            assertThat(limited.call(batch)).hasSize(50);
            HttpResponse<String> refused = limited.post(CALL);
            assertThat(refused.statusCode()).isEqualTo(429);
            JsonNode error = Json.mapper().readTree(refused.body());
            assertError(error, RpcError.RATE_LIMITED, "RateLimited");
            assertThat(error.get("error").get("data").get("retryAfterMillis").asLong())
                    .isPositive();

            String other = postFrom(InetAddress.getByName("127.0.0.2"), limited, CALL);
            assertThat(other).startsWith("HTTP/1.1 200").contains("\"result\"");
            assertThat(limited.post(CALL).statusCode())
                    .as("127.0.0.1 is still limited")
                    .isEqualTo(429);
        }
    }

    @Test
    void shouldAnswerACallThatTakesTooLongWithAnInternalErrorAndNoDetail() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ForwardingChainView stuck = new ForwardingChainView(chain.chain()) {
            @Override
            public MacroBlock macroHead() {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.macroHead();
            }
        };
        RpcSettings base = HmsSettings.defaults().rpc();
        RpcSettings quick = RpcFixture.settings(base.requestsPerSecond(), base.burst(), Duration.ofMillis(200));
        try (RpcFixture slow = new RpcFixture(stuck, quick)) {
            HttpResponse<String> response = slow.post(CALL);
            assertThat(response.statusCode()).isEqualTo(200);
            assertError(Json.mapper().readTree(response.body()), RpcError.INTERNAL_ERROR, "Internal");
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.hms");
        } finally {
            release.countDown();
        }
    }

    private static RpcSettings rateLimited(int burst) {
        return RpcFixture.settings(0.001, burst, HmsSettings.defaults().rpc().requestTimeout());
    }

    /** A raw HTTP/1.1 POST from {@code local}; the whole response as text. */
    private static String postFrom(InetAddress local, RpcFixture to, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(local, 0));
            socket.connect(to.server.address(), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\n"
                            + "Content-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static URI url(RpcFixture f) {
        return URI.create("http://127.0.0.1:" + f.server.address().getPort() + "/");
    }

    private static void assertError(JsonNode answer, int code, String type) {
        assertThat(answer.get("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(answer.get("error").get("code").asInt()).isEqualTo(code);
        assertThat(answer.get("error").get("data").get("type").asText()).isEqualTo(type);
        assertThat(answer.has("result")).isFalse();
    }
}
