package io.hms.actors.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.settings.RpcSettings;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.testing.ForwardingChainView;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON-RPC 2.0 envelope rules over real HTTP: batches, notifications, error codes, limits. */
class RpcServerTest {
    @TempDir
    static java.nio.file.Path dir;

    private static TestChain chain;
    private static RpcFixture rpc;

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
    void shouldAnswerACallWithItsIdWhenTheRequestIsValid() throws Exception {
        JsonNode answer = rpc.call("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"getHead\"}");
        assertThat(answer.get("id").asText()).isEqualTo("a");
        assertThat(answer.get("result").get("macroHead").get("number").asLong())
                .isEqualTo(chain.chain().headBlockNumber());
    }

    @Test
    void shouldAnswerEachCallOfABatchButNoNotification() throws Exception {
        JsonNode answer = rpc.call("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getHead\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"getHead\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"nope\"},"
                + "7]");
        assertThat(answer.isArray()).isTrue();
        assertThat(answer).hasSize(3);
        assertThat(answer.get(0).get("id").asInt()).isEqualTo(1);
        assertThat(answer.get(1).get("error").get("code").asInt()).isEqualTo(RpcError.METHOD_NOT_FOUND);
        assertThat(answer.get(2).get("error").get("code").asInt()).isEqualTo(RpcError.INVALID_REQUEST);
        assertThat(answer.get(2).get("id").isNull()).isTrue();
    }

    @Test
    void shouldSendNoContentWhenOnlyNotificationsArrive() throws Exception {
        HttpResponse<String> response = rpc.post("[{\"jsonrpc\":\"2.0\",\"method\":\"getHead\"}]");
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void shouldAnswerTheStandardCodesWithTypedData() throws Exception {
        assertError("{\"jsonrpc\":\"2.0\",\"id\":1,", RpcError.PARSE_ERROR, "ParseError");
        assertError("[]", RpcError.INVALID_REQUEST, "InvalidRequest");
        assertError(
                "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"getHead\"}", RpcError.INVALID_REQUEST, "InvalidRequest");
        assertError(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getBlock\"}", RpcError.METHOD_NOT_FOUND, "MethodNotFound");
        assertError(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getBlockByNumber\",\"params\":[\"x\"]}",
                RpcError.INVALID_PARAMS,
                "InvalidParams");
        assertError(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getTransactionByHash\",\"params\":{\"hash\":\"00\"}}",
                RpcError.INVALID_PARAMS,
                "InvalidParams");
        assertError(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getTransactionsByAddress\",\"params\":[\"" + "11".repeat(32)
                        + "\",100000]}",
                RpcError.INVALID_PARAMS,
                "InvalidParams");
        assertError(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getTransactionByHash\",\"params\":[\"" + "00".repeat(32)
                        + "\"]}",
                RpcError.NOT_FOUND,
                "NotFound");
        assertError(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getBlockByNumber\",\"params\":[999999]}",
                RpcError.NOT_FOUND,
                "NotFound");
    }

    @Test
    void shouldRefuseABodyOverTheLimitAndABatchOverItsLength() throws Exception {
        HttpResponse<String> big =
                rpc.post("[" + " ".repeat(HmsSettings.defaults().rpc().maxBodyBytes()) + "]");
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(big.body()).contains("\"code\":-32600").contains("max-body-bytes");
        String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getHead\"}";
        String batch = "[" + String.join(",", java.util.Collections.nCopies(51, call)) + "]";
        assertError(batch, RpcError.INVALID_REQUEST, "InvalidRequest");
    }

    @Test
    void shouldAnswerAnUnexpectedFailureWithoutAStackTrace() throws Exception {
        ForwardingChainView failing = new ForwardingChainView(chain.chain()) {
            @Override
            public io.hms.protocol.model.MacroBlock macroHead() {
                throw new NullPointerException("a bug deep inside");
            }
        };
        try (RpcFixture broken = new RpcFixture(failing)) {
            HttpResponse<String> response = broken.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getHead\"}");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .contains("\"code\":-32603")
                    .doesNotContain("NullPointerException")
                    .doesNotContain("a bug deep inside")
                    .doesNotContain("at io.hms");
        }
    }

    @Test
    void shouldRateLimitEachClientWhenItsBucketIsEmpty() throws Exception {
        RpcSettings strict =
                RpcFixture.settings(0.001, 3, HmsSettings.defaults().rpc().requestTimeout());
        try (RpcFixture limited = new RpcFixture(chain.chain(), strict)) {
            String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getHead\"}";
            for (int i = 0; i < 3; i++) {
                assertThat(limited.post(call).statusCode()).isEqualTo(200);
            }
            HttpResponse<String> refused = limited.post(call);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body()).contains("\"code\":-32005").contains("RateLimited");
        }
    }

    private static void assertError(String body, int code, String type) throws Exception {
        JsonNode answer = rpc.call(body);
        assertThat(answer.get("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(answer.get("error").get("code").asInt()).as(body).isEqualTo(code);
        assertThat(answer.get("error").get("data").get("type").asText())
                .as(body)
                .isEqualTo(type);
        assertThat(answer.has("result")).isFalse();
    }
}
