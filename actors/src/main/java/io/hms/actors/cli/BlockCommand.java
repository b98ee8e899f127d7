package io.hms.actors.cli;

import io.hms.engine.store.ReadOnlyChain;
import io.hms.protocol.Json;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hms block NUMBER}: what the store knows about one block number. */
@Command(
        name = "block",
        mixinStandardHelpOptions = true,
        header = "Show a block: its macro block and the transactions recorded in it.",
        description = {
            "Prints, as JSON, what the store knows about a block number: for a macro block "
                    + "(checkpoint or election) the block itself (header, body, justification); for any block "
                    + "the historic transactions recorded in it. hms stores macro blocks and history, not micro"
                    + " blocks, so a micro block is described by its transactions and the macro block that "
                    + "closed its batch. Exits with 1 beyond our head or in pruned history."
        })
final class BlockCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOption data;

    @Parameters(index = "0", paramLabel = "NUMBER", description = "The block number.")
    long number;

    @Override
    public Integer call() throws Exception {
        if (number < 0 || number > 0xFFFF_FFFFL) {
            throw new ParameterException(spec.commandLine(), "block number must be in 0..4294967295");
        }
        Optional<HistoryQuery.BlockAnswer> answer;
        try (ReadOnlyChain chain = StoreAccess.open(data.directory())) {
            answer = new HistoryQuery(chain).block(number);
        }
        if (answer.isEmpty()) {
            throw new CommandFailure("block " + number + " is not in the store of " + data.data
                    + " (beyond the head, before genesis, or pruned)");
        }
        spec.commandLine()
                .getOut()
                .println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(answer.get()));
        return 0;
    }
}
