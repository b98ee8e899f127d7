package io.hms.actors.admin;

import io.hms.actors.node.DataDirectory;
import io.hms.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What {@code DIR/admin.json} says while a node runs on a data directory: where its admin endpoint
 * listens, and which process and command it is. Written when the node starts (atomically, by a
 * rename), removed when it stops; a node that crashed leaves it behind, which {@link #alive()} tells.
 */
public record AdminAddress(String host, int port, long pid, String role) {

    /** {@code http://host:port}. */
    public String url() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Whether the process that wrote this still runs. */
    public boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    void write(DataDirectory dir) throws IOException {
        Files.createDirectories(dir.root());
        Path tmp = dir.root().resolve(DataDirectory.ADMIN_FILE + ".tmp");
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
        Files.move(tmp, dir.adminFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes the file if it is still ours (a newer node may have replaced it). */
    void remove(DataDirectory dir) {
        try {
            if (read(dir).map(this::equals).orElse(false)) {
                Files.deleteIfExists(dir.adminFile());
            }
        } catch (IOException e) {
            // best effort: a stale file is recognised by its pid
        }
    }

    /** The address recorded in {@code dir}, if any. */
    public static Optional<AdminAddress> read(DataDirectory dir) throws IOException {
        Path file = dir.adminFile();
        return Files.isRegularFile(file)
                ? Optional.of(Json.mapper().readValue(file.toFile(), AdminAddress.class))
                : Optional.empty();
    }
}
