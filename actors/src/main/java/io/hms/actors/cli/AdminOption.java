package io.hms.actors.cli;

import io.hms.actors.settings.AdminSettings;
import picocli.CommandLine.Option;

/** {@code --admin-port P}, shared by the commands that run a node (serve, sync). */
final class AdminOption {
    @Option(
            names = "--admin-port",
            paramLabel = "P",
            description = "Serve the admin endpoint (GET /status, GET /peers; what 'hms peers' asks) on"
                    + " http://127.0.0.1:P (default: hms.admin.port, 0: any free port; the address is written"
                    + " to DIR/admin.json while the node runs).")
    Integer port;

    AdminSettings applyTo(AdminSettings settings) {
        if (port == null) {
            return settings;
        }
        if (port < 0 || port > 0xFFFF) {
            throw new CommandFailure("--admin-port must be in 0..65535", HmsCommand.USAGE);
        }
        return settings.withPort(port);
    }
}
