package io.hms.actors.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hms.actors.settings.HmsSettings;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.StoreOptions;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes every example of docs/RPC.md over real HTTP against the chain the document names
 * ({@code hms generate --epochs 1 --txs-per-batch 2 --seed 7}, pushed as {@code hms generate}
 * pushes it) and compares the answers; {@code "..."} in an expected answer stands for any value,
 * and as the last element of an array for any further elements.
 */
class RpcDocTest {
    static final GeneratorOptions DOC_CHAIN =
            GeneratorOptions.defaults(7).withShape(1, 0).withTransactions(2, 0.0, false);

    @TempDir
    Path dir;

    /** One documented example: what is sent and what must come back. */
    record Example(String request, String response) {}

    @Test
    void shouldAnswerEveryExampleOfTheDocumentAsShown() throws Exception {
        List<Example> examples = examples(Files.readAllLines(docs().resolve("RPC.md")));
        assertThat(examples).hasSizeGreaterThanOrEqualTo(10);
        Set<String> documented = new HashSet<>();
        try (TestChain test = TestChains.createFollowed(dir, DOC_CHAIN, StoreOptions.ARCHIVE.withSyncWrites(false));
                RpcFixture rpc = new RpcFixture(test.chain())) {
            for (Example example : examples) {
                JsonNode request = Json.mapper().readTree(example.request());
                (request.isArray() ? request : List.of(request))
                        .forEach(call -> documented.add(call.path("method").asText()));
                JsonNode expected = Json.mapper().readTree(example.response());
                JsonNode actual = rpc.call(example.request());
                List<String> differences = new ArrayList<>();
                compare("$", expected, actual, differences);
                assertThat(differences)
                        .as("example %s%nanswered %s", example.request(), actual.toPrettyString())
                        .isEmpty();
            }
            List<String> methods = new RpcMethods(
                            test.chain(),
                            SyncStatusSource.notSyncing(),
                            HmsSettings.defaults().rpc())
                    .all().stream().map(RpcMethod::name).toList();
            assertThat(documented).containsAll(methods);
        }
    }

    static Path docs() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("docs"))
                ? here.resolve("docs")
                : here.getParent().resolve("docs");
    }

    /** The ```json blocks that follow a "Request:" line and the "Response:" line after it. */
    static List<Example> examples(List<String> lines) {
        List<Example> out = new ArrayList<>();
        String pending = null;
        String label = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.equals("Request:") || line.equals("Response:")) {
                label = line;
            } else if (line.equals("```json") && label != null) {
                StringBuilder block = new StringBuilder();
                for (i++; !lines.get(i).trim().equals("```"); i++) {
                    block.append(lines.get(i)).append('\n');
                }
                if (label.equals("Request:")) {
                    pending = block.toString();
                } else if (pending != null) {
                    out.add(new Example(pending, block.toString()));
                    pending = null;
                }
                label = null;
            }
        }
        return out;
    }

    static void compare(String path, JsonNode expected, JsonNode actual, List<String> differences) {
        if (expected.isTextual() && expected.asText().equals("...")) {
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            Set<String> names = new HashSet<>();
            actual.fieldNames().forEachRemaining(names::add);
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!names.remove(field.getKey())) {
                    differences.add(path + "." + field.getKey() + " is missing");
                } else {
                    compare(path + "." + field.getKey(), field.getValue(), actual.get(field.getKey()), differences);
                }
            }
            names.forEach(n -> differences.add(path + "." + n + " is not documented"));
        } else if (expected.isArray() && actual.isArray()) {
            int n = expected.size();
            boolean open = n > 0
                    && expected.get(n - 1).isTextual()
                    && expected.get(n - 1).asText().equals("...");
            int fixed = open ? n - 1 : n;
            if (open ? actual.size() < fixed : actual.size() != fixed) {
                differences.add(path + " has " + actual.size() + " elements, documented " + (open ? "≥ " : "") + fixed);
                return;
            }
            for (int i = 0; i < fixed; i++) {
                compare(path + "[" + i + "]", expected.get(i), actual.get(i), differences);
            }
        } else if (!expected.equals(actual)) {
            differences.add(path + " is " + actual + ", documented " + expected);
        }
    }
}
