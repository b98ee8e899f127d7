package io.hms.actors.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hms.actors.rpc.RpcError.RpcException;
import io.hms.engine.store.UncheckedStoreException;
import io.hms.protocol.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC 2.0 without transport: a request body in, the response body out (empty when only
 * notifications were sent). Single calls, batches (at most {@code maxBatch}), notifications, the
 * standard error codes; an unexpected failure is logged here and answered -32603 without detail.
 * Thread-safe: methods must be.
 */
public final class JsonRpcProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcProcessor.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, RpcMethod> methods = new LinkedHashMap<>();
    private final int maxBatch;

    public JsonRpcProcessor(List<RpcMethod> methods, int maxBatch) {
        methods.forEach(m -> this.methods.put(m.name(), m));
        this.maxBatch = maxBatch;
    }

    /** The method names, in declaration order. */
    public List<String> methodNames() {
        return List.copyOf(methods.keySet());
    }

    /** The response to {@code body}; empty if nothing is to be sent back. */
    public Optional<JsonNode> process(String body) {
        JsonNode request;
        try {
            request = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            return Optional.of(error(NullNode.instance, RpcError.parseError(e.getOriginalMessage())));
        }
        if (request == null || request.isMissingNode()) {
            return Optional.of(error(NullNode.instance, RpcError.parseError("empty body")));
        }
        if (!request.isArray()) {
            return call(request).map(r -> r);
        }
        if (request.isEmpty()) {
            return Optional.of(error(NullNode.instance, RpcError.invalidRequest("empty batch")));
        }
        if (request.size() > maxBatch) {
            return Optional.of(error(
                    NullNode.instance,
                    RpcError.invalidRequest("a batch holds at most " + maxBatch + " calls (hms.rpc.max-batch)")));
        }
        ArrayNode responses = NODES.arrayNode();
        for (JsonNode one : request) {
            call(one).ifPresent(responses::add);
        }
        return responses.isEmpty() ? Optional.empty() : Optional.of(responses);
    }

    /** One call: its response, or empty for a valid notification. */
    private Optional<ObjectNode> call(JsonNode request) {
        if (!request.isObject()) {
            return Optional.of(error(NullNode.instance, RpcError.invalidRequest("a call must be a JSON object")));
        }
        JsonNode id = request.get("id");
        if (id != null && !(id.isTextual() || id.isNumber() || id.isNull())) {
            return Optional.of(
                    error(NullNode.instance, RpcError.invalidRequest("\"id\" must be a string, a number or null")));
        }
        JsonNode replyId = id == null ? NullNode.instance : id;
        JsonNode version = request.get("jsonrpc");
        if (version == null || !version.isTextual() || !version.asText().equals("2.0")) {
            return Optional.of(error(replyId, RpcError.invalidRequest("\"jsonrpc\" must be \"2.0\"")));
        }
        JsonNode name = request.get("method");
        if (name == null || !name.isTextual()) {
            return Optional.of(error(replyId, RpcError.invalidRequest("\"method\" must be a string")));
        }
        ObjectNode response = run(name.asText(), request.get("params"), replyId);
        return id == null ? Optional.empty() : Optional.of(response);
    }

    private ObjectNode run(String name, JsonNode params, JsonNode id) {
        RpcMethod method = methods.get(name);
        if (method == null) {
            return error(id, RpcError.methodNotFound(name));
        }
        try {
            JsonNode result = method.body().call(RpcParams.of(params, method.params()));
            return NODES.objectNode()
                    .put("jsonrpc", "2.0")
                    .<ObjectNode>set("id", id)
                    .set("result", result);
        } catch (RpcException e) {
            return error(id, e.error());
        } catch (UncheckedStoreException e) {
            LOG.warn("rpc method={} store failure: {}", name, e.unwrap().getMessage());
            return error(id, RpcError.storeFailure(e.unwrap().kind().name()));
        } catch (IllegalStateException e) {
            // the store was closed under the call: the node is stopping
            LOG.debug("rpc method={} failed: {}", name, e.getMessage());
            return error(id, RpcError.storeFailure("CLOSED"));
        } catch (RuntimeException e) {
            LOG.warn("rpc method={} failed unexpectedly", name, e);
            return error(id, RpcError.internal("unexpected failure; the node's log has the details"));
        }
    }

    static ObjectNode error(JsonNode id, RpcError error) {
        ObjectNode body = NODES.objectNode().put("code", error.code()).put("message", error.message());
        body.set("data", error.data());
        return NODES.objectNode()
                .put("jsonrpc", "2.0")
                .<ObjectNode>set("id", id)
                .set("error", body);
    }
}
