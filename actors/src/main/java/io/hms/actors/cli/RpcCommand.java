package io.hms.actors.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hms.protocol.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hms rpc METHOD PARAMS...}: a thin JSON-RPC client for scripts. */
@Command(
        name = "rpc",
        mixinStandardHelpOptions = true,
        header = "Call a JSON-RPC method of a running node.",
        description = {
            "Sends one JSON-RPC 2.0 call to a node started with --rpc-port and prints its result as JSON. Each "
                    + "PARAM is taken as JSON if it parses (numbers, null, quoted strings, objects) and as a string "
                    + "otherwise, so hashes and addresses need no quotes. Exits with 1 and prints the error "
                    + "(code, message, data) to stderr if the node answers with one. See docs/RPC.md."
        })
final class RpcCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--url",
            defaultValue = "http://127.0.0.1:8645/",
            paramLabel = "URL",
            description = "The node's JSON-RPC address (default ${DEFAULT-VALUE}).")
    URI url;

    @Option(
            names = "--timeout",
            defaultValue = "30s",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description = "How long to wait for the answer (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Parameters(index = "0", paramLabel = "METHOD", description = "The method, e.g. getHead.")
    String method;

    @Parameters(index = "1..*", paramLabel = "PARAM", description = "Its parameters, by position.")
    List<String> params = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        ObjectNode request = JsonNodeFactory.instance
                .objectNode()
                .put("jsonrpc", "2.0")
                .put("id", 1)
                .put("method", method);
        ArrayNode list = request.putArray("params");
        params.forEach(p -> list.add(param(p)));
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder()
                    .connectTimeout(timeout)
                    .build()
                    .send(
                            HttpRequest.newBuilder(url)
                                    .timeout(timeout)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CommandFailure("cannot reach " + url + ": " + e.getMessage());
        }
        JsonNode answer;
        try {
            answer = Json.mapper().readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new CommandFailure(url + " answered HTTP " + response.statusCode() + " without JSON-RPC");
        }
        return print(answer, spec.commandLine().getOut());
    }

    /** A parameter as JSON if it parses as JSON, else as a string. */
    static JsonNode param(String text) {
        try {
            JsonNode parsed = Json.mapper().readTree(text);
            return parsed == null || parsed.isMissingNode() ? JsonNodeFactory.instance.textNode(text) : parsed;
        } catch (JsonProcessingException e) {
            return JsonNodeFactory.instance.textNode(text);
        }
    }

    /** Prints a response's result; an error response fails the command with its code, message and data. */
    static int print(JsonNode answer, PrintWriter out) throws JsonProcessingException {
        JsonNode error = answer.get("error");
        if (error != null) {
            throw new CommandFailure("error " + error.path("code").asInt() + " "
                    + error.path("message").asText() + ": " + error.path("data"));
        }
        out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(answer.get("result")));
        out.flush();
        return 0;
    }
}
