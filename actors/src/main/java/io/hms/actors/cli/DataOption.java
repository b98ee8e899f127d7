package io.hms.actors.cli;

import io.hms.actors.node.DataDirectory;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data DIR}, shared by the commands that work on a node's data directory. */
final class DataOption {
    @Option(
            names = "--data",
            required = true,
            paramLabel = "DIR",
            description = "The node's data directory (the chain store is in DIR/store).")
    Path data;

    DataDirectory directory() {
        return new DataDirectory(data);
    }
}
