package io.hms.actors.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hms.actors.node.NodeSystem;
import io.hms.actors.rpc.RpcMethods;
import io.hms.actors.rpc.SyncStatusSource;
import io.hms.actors.settings.HmsSettings;
import io.hms.engine.store.ReadOnlyChain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hms txs --address A}: an account's transactions, newest first, from the address index. */
@Command(
        name = "txs",
        mixinStandardHelpOptions = true,
        header = "List an address's historic transactions, newest first.",
        description = {
            "Lists the stored transactions that involve ADDRESS (as sender or recipient, as a reward's validator or "
                    + "reward address, as a punished validator), newest first, one page at a time, from the store's "
                    + "address index. Prints the same JSON as the JSON-RPC method getTransactionsByAddress; its "
                    + "\"next\" value, given to --start-at, gives the next page."
        })
final class TxsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOption data;

    @Option(names = "--address", required = true, paramLabel = "A", description = "The address, 64 hex digits.")
    String address;

    @Option(
            names = "--max",
            paramLabel = "N",
            description = "Transactions per page (default hms.rpc.default-page, at most hms.rpc.max-page).")
    Integer max;

    @Option(
            names = "--start-at",
            paramLabel = "HASH",
            description = "List only transactions older than this one (the \"next\" of the previous page).")
    String startAt;

    @Override
    public Integer call() throws Exception {
        HmsSettings settings = HmsSettings.create(NodeSystem.config());
        ObjectNode request = JsonNodeFactory.instance
                .objectNode()
                .put("jsonrpc", "2.0")
                .put("id", 1)
                .put("method", "getTransactionsByAddress");
        ArrayNode params = request.putArray("params").add(address);
        params.add(max == null ? JsonNodeFactory.instance.nullNode() : JsonNodeFactory.instance.numberNode(max));
        params.add(startAt == null ? JsonNodeFactory.instance.nullNode() : JsonNodeFactory.instance.textNode(startAt));
        JsonNode answer;
        try (ReadOnlyChain chain = StoreAccess.open(data.directory())) {
            answer = new RpcMethods(chain, SyncStatusSource.notSyncing(), settings.rpc())
                    .processor()
                    .process(request.toString())
                    .orElseThrow();
        }
        return RpcCommand.print(answer, spec.commandLine().getOut());
    }
}
