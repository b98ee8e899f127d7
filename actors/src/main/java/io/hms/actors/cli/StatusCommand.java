package io.hms.actors.cli;

import io.hms.actors.node.StatusReport;
import io.hms.engine.store.ReadOnlyChain;
import io.hms.protocol.Json;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hms status}: what a data directory holds. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        header = "Show heads, epochs, transaction count and history roots of a store.",
        description = {
            "Shows what a data directory's store holds: the chain (network, geometry, genesis), the "
                    + "macro and election heads, complete epochs, the transaction count, and each epoch's "
                    + "history length with its root recomputed from the stored tree (checked against the root "
                    + "in the epoch's last block header). Works while a running 'hms serve' or 'hms sync' holds the"
                    + " store: it then shows what that node has committed so far."
        })
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOption data;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        StatusReport report;
        try (ReadOnlyChain chain = StoreAccess.open(data.directory())) {
            report = StatusReport.of(chain);
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else {
            StatusText.print(report, w);
        }
        w.flush();
        return 0;
    }
}
