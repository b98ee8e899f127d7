package io.hms.actors.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.hms.actors.rpc.RpcError.RpcException;
import java.util.List;

/** One JSON-RPC method: its name, its parameter names (also their positions) and what it does. */
record RpcMethod(String name, List<String> params, Body body) {
    RpcMethod {
        params = List.copyOf(params);
    }

    /** The method's work: the result, or an {@link RpcException} carrying the error to answer. */
    @FunctionalInterface
    interface Body {
        JsonNode call(RpcParams params) throws RpcException;
    }
}
