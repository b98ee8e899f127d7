package io.hms.actors.rpc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A JSON-RPC 2.0 error object: the standard codes and hms's own (-32000 .. -32099), each with a
 * {@code data} object whose {@code type} names the case, so clients branch on data, not on text.
 * Messages are written for people and never carry a stack trace.
 */
public record RpcError(int code, String message, ObjectNode data) {
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    /** The store does not hold what was asked for (a transaction, a block). */
    public static final int NOT_FOUND = -32001;
    /** What was asked for lies in history this (pruned) store dropped. */
    public static final int PRUNED = -32002;
    /** The store failed to read (disk failure, closed while answering). */
    public static final int STORE_FAILURE = -32003;
    /** The client sent more requests than hms.rpc.rate-limit allows. */
    public static final int RATE_LIMITED = -32005;

    static ObjectNode data(String type) {
        return JsonNodeFactory.instance.objectNode().put("type", type);
    }

    public static RpcError parseError(String detail) {
        return new RpcError(PARSE_ERROR, "parse error", data("ParseError").put("detail", detail));
    }

    public static RpcError invalidRequest(String reason) {
        return new RpcError(
                INVALID_REQUEST, "invalid request", data("InvalidRequest").put("reason", reason));
    }

    public static RpcError methodNotFound(String method) {
        return new RpcError(
                METHOD_NOT_FOUND, "method not found", data("MethodNotFound").put("method", method));
    }

    public static RpcError invalidParams(String param, String reason) {
        return new RpcError(
                INVALID_PARAMS,
                "invalid params",
                data("InvalidParams").put("param", param).put("reason", reason));
    }

    public static RpcError internal(String reason) {
        return new RpcError(INTERNAL_ERROR, "internal error", data("Internal").put("reason", reason));
    }

    public static RpcError notFound(String what, String key) {
        return new RpcError(
                NOT_FOUND,
                what + " not found",
                data("NotFound").put("what", what).put("key", key));
    }

    public static RpcError pruned(String detail, long firstHistoryEpoch) {
        return new RpcError(
                PRUNED,
                "history pruned",
                data("Pruned").put("detail", detail).put("firstHistoryEpoch", firstHistoryEpoch));
    }

    public static RpcError storeFailure(String kind) {
        return new RpcError(STORE_FAILURE, "store failure", data("StoreFailure").put("kind", kind));
    }

    public static RpcError rateLimited(long retryAfterMillis) {
        return new RpcError(
                RATE_LIMITED, "rate limited", data("RateLimited").put("retryAfterMillis", retryAfterMillis));
    }

    /** The error as a throwable, for method code that fails deep inside. */
    public RpcException toException() {
        return new RpcException(this);
    }

    /** Carries an {@link RpcError} out of a method; no stack trace is filled in or ever shown. */
    public static final class RpcException extends Exception {
        private final transient RpcError error;

        RpcException(RpcError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        public RpcError error() {
            return error;
        }
    }
}
