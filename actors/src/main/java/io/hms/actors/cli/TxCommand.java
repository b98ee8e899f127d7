package io.hms.actors.cli;

import io.hms.engine.store.ReadOnlyChain;
import io.hms.protocol.Json;
import io.hms.protocol.model.Hash;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hms tx HASH}: one historic transaction, from the store. */
@Command(
        name = "tx",
        mixinStandardHelpOptions = true,
        header = "Show a historic transaction by hash, with its proof checked.",
        description = {
            "Looks up a historic transaction by its hash (BLAKE2b-256 of its canonical encoding) and "
                    + "prints it as JSON with where it sits (epoch, leaf, block) and whether its Merkle "
                    + "inclusion proof verifies against the history root of the macro block that closed its "
                    + "batch. Exits with 1 if the store does not hold it."
        })
final class TxCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOption data;

    @Parameters(
            index = "0",
            paramLabel = "HASH",
            converter = Converters.HashConverter.class,
            description = "The transaction hash, 64 hex digits.")
    Hash hash;

    @Override
    public Integer call() throws Exception {
        Optional<HistoryQuery.TxAnswer> answer;
        try (ReadOnlyChain chain = StoreAccess.open(data.directory())) {
            answer = new HistoryQuery(chain).transaction(hash);
        }
        if (answer.isEmpty()) {
            throw new CommandFailure("no transaction " + hash.toHex() + " in " + data.data);
        }
        spec.commandLine()
                .getOut()
                .println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(answer.get()));
        return 0;
    }
}
