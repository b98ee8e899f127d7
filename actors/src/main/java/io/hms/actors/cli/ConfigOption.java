package io.hms.actors.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import io.hms.actors.node.NodeSystem;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE}, shared by the commands that read configuration (serve, sync, demo): a HOCON
 * file merged over reference.conf. System properties ({@code -D...} in {@code HMS_JAVA_OPTS}) still
 * win over it, as they win over reference.conf.
 */
final class ConfigOption {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "A HOCON file of settings (e.g. hms.sync.request-timeout = 20s) merged over the"
                    + " built-in reference.conf; -D system properties still win.")
    Path file;

    /**
     * The configuration the command runs with; a missing or unparsable file is a usage error naming
     * it, and an {@code hms.*} key reference.conf does not know (a typo) is a warning on {@code err}.
     */
    Config config(PrintWriter err) {
        if (file == null) {
            return NodeSystem.config();
        }
        if (!Files.isRegularFile(file)) {
            throw new CommandFailure("no configuration file " + file + " (--config)", HmsCommand.USAGE);
        }
        Config parsed;
        try {
            parsed = ConfigFactory.parseFile(
                    file.toFile(),
                    ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
        } catch (ConfigException e) {
            String reason = String.valueOf(e.getMessage()).replaceFirst("^.*?: \\d+: ", "");
            throw new CommandFailure(file + " is not valid HOCON: " + reason + " (--config)", HmsCommand.USAGE);
        }
        Config reference = ConfigFactory.defaultReference();
        for (Map.Entry<String, ConfigValue> e : parsed.entrySet()) {
            if (e.getKey().startsWith("hms.") && !reference.hasPath(e.getKey())) {
                err.println(
                        "hms: warning: " + file + ": unknown setting " + e.getKey() + " (ignored; see reference.conf)");
                err.flush();
            }
        }
        return NodeSystem.config(parsed);
    }
}
