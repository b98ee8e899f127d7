package io.hms.actors.cli;

import io.hms.actors.node.DataDirectory;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --data DIR}, shared by the commands that work on a node's data directory. Without it, the
 * directory is {@code $HMS_DATA}, else {@code ~/.hms} (docs/CLI.md, "Data directory").
 */
final class DataOption {
    /** Picocli's default: {@code $HMS_DATA}, else {@code ~/.hms}; {@code --help} shows it resolved. */
    static final String DEFAULT = "${env:HMS_DATA:-${sys:user.home}${sys:file.separator}.hms}";

    @Option(
            names = "--data",
            paramLabel = "DIR",
            defaultValue = DEFAULT,
            description = "The node's data directory (the chain store is in DIR/store); default $HMS_DATA, else"
                    + " ~/.hms (here: ${DEFAULT-VALUE}).")
    Path data;

    DataDirectory directory() {
        return checked(data, "--data");
    }

    /** {@code path} as a data directory; a regular file there is a bad argument. */
    static DataDirectory checked(Path path, String option) {
        if (java.nio.file.Files.exists(path) && !java.nio.file.Files.isDirectory(path)) {
            throw new CommandFailure(path + " is a file, not a directory (" + option + ")", HmsCommand.USAGE);
        }
        return new DataDirectory(path);
    }
}
