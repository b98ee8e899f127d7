package io.hms.actors.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.hms.actors.rpc.RpcError.RpcException;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.PublicKey;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A call's parameters, by position (a JSON array) or by name (an object), checked against the
 * method's declared names: unknown names or extra positions are invalid params (-32602).
 */
final class RpcParams {
    private final JsonNode params;
    private final List<String> names;

    private RpcParams(JsonNode params, List<String> names) {
        this.params = params;
        this.names = names;
    }

    static RpcParams of(JsonNode params, List<String> names) throws RpcException {
        if (params == null || params.isNull()) {
            return new RpcParams(null, names);
        }
        if (params.isArray()) {
            if (params.size() > names.size()) {
                throw RpcError.invalidParams(
                                "params", "at most " + names.size() + " parameters " + names + ", got " + params.size())
                        .toException();
            }
        } else if (params.isObject()) {
            for (var it = params.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!names.contains(name)) {
                    throw RpcError.invalidParams(name, "unknown parameter; expected " + names)
                            .toException();
                }
            }
        } else {
            throw RpcError.invalidParams("params", "must be an array or an object")
                    .toException();
        }
        return new RpcParams(params, names);
    }

    private Optional<JsonNode> get(String name) {
        if (params == null) {
            return Optional.empty();
        }
        JsonNode value = params.isArray() ? params.get(names.indexOf(name)) : params.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    private JsonNode required(String name) throws RpcException {
        Optional<JsonNode> value = get(name);
        if (value.isEmpty()) {
            throw RpcError.invalidParams(name, "missing").toException();
        }
        return value.get();
    }

    Hash hash(String name) throws RpcException {
        return Hash.of(hex(name, required(name), Hash.LENGTH));
    }

    Optional<Hash> optionalHash(String name) throws RpcException {
        Optional<JsonNode> value = get(name);
        return value.isEmpty() ? Optional.empty() : Optional.of(Hash.of(hex(name, value.get(), Hash.LENGTH)));
    }

    PublicKey address(String name) throws RpcException {
        return PublicKey.of(hex(name, required(name), PublicKey.LENGTH));
    }

    long number(String name) throws RpcException {
        return number(name, required(name));
    }

    OptionalLong optionalNumber(String name) throws RpcException {
        Optional<JsonNode> value = get(name);
        return value.isEmpty() ? OptionalLong.empty() : OptionalLong.of(number(name, value.get()));
    }

    private static long number(String name, JsonNode value) throws RpcException {
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw RpcError.invalidParams(name, "must be a non-negative integer").toException();
        }
        return value.asLong();
    }

    private static byte[] hex(String name, JsonNode value, int length) throws RpcException {
        String text = value.isTextual() ? value.asText() : "";
        if (text.startsWith("0x")) {
            text = text.substring(2);
        }
        if (text.length() != 2 * length) {
            throw RpcError.invalidParams(name, "must be " + 2 * length + " hex digits")
                    .toException();
        }
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw RpcError.invalidParams(name, "must be " + 2 * length + " hex digits")
                    .toException();
        }
    }
}
