package io.hms.actors.cli;

import com.typesafe.config.ConfigException;
import io.hms.actors.node.NodeSystem;
import java.net.BindException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expected failures (a port in use, a host not on this machine, a path that is a file, an invalid
 * configuration value) turned into one {@link CommandFailure} line naming the thing at fault, so that
 * the user never sees a stack trace for them (docs/CLI.md, "Errors").
 */
final class Failures {
    private static final Pattern CONFIG_KEY = Pattern.compile("(?:at '([^']+)'|^[^:]+: ([\\w.-]+) has type)");

    private Failures() {}

    /** {@code host} as given to {@code --host}: it must resolve to an address of this machine. */
    static void checkLocalHost(String host) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new CommandFailure("unknown host '" + host + "' (--host)", HmsCommand.USAGE);
        }
        boolean local;
        try {
            local = address.isAnyLocalAddress()
                    || address.isLoopbackAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            local = true; // cannot tell: let the bind decide
        }
        if (!local) {
            throw new CommandFailure("'" + host + "' is not an address of this machine (--host)", HmsCommand.USAGE);
        }
    }

    /** A failed listen on {@code host:port} given by {@code option} (and {@code --host}), as one line. */
    static CommandFailure listen(String host, int port, String option, Throwable e) {
        return listen(host, port, option, "--host", e);
    }

    /** A failed listen on {@code host:port} given by {@code option} and {@code hostOption}, as one line. */
    static CommandFailure listen(String host, int port, String option, String hostOption, Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (m.contains("Address already in use")) {
                return new CommandFailure("port " + port + " is already in use (" + option + ")");
            }
            if (m.contains("Cannot assign requested address")) {
                return new CommandFailure(
                        "'" + host + "' is not an address of this machine (" + hostOption + ")", HmsCommand.USAGE);
            }
            if (c instanceof UnknownHostException || m.contains("Unresolved address")) {
                return new CommandFailure("unknown host '" + host + "' (" + hostOption + ")", HmsCommand.USAGE);
            }
            if (c instanceof BindException) {
                return new CommandFailure("cannot listen on " + host + ":" + port + " (" + option + "): " + m);
            }
        }
        return new CommandFailure("cannot listen on " + host + ":" + port + " (" + option + "): " + rootMessage(e));
    }

    /** The one line for an expected failure anywhere in {@code e}'s causes, if it is one. */
    static Optional<CommandFailure> explain(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof CommandFailure f) {
                return Optional.of(f);
            }
            if (c instanceof ConfigException config) {
                return Optional.of(config(config));
            }
            if (c instanceof FileSystemException fs) {
                return Optional.of(path(fs));
            }
        }
        return Optional.empty();
    }

    private static CommandFailure path(FileSystemException e) {
        String file = e.getFile();
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
            return new CommandFailure(file + " is a file, not a directory", HmsCommand.USAGE);
        }
        if (e instanceof AccessDeniedException) {
            return new CommandFailure("cannot write " + file + ": permission denied");
        }
        if (e instanceof NoSuchFileException) {
            return new CommandFailure(file + ": no such file or directory");
        }
        String reason = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
        return new CommandFailure("cannot write " + file + ": " + reason.toLowerCase(java.util.Locale.ROOT));
    }

    private static CommandFailure config(ConfigException e) {
        String message = String.valueOf(e.getMessage());
        String origin = e.origin() == null ? null : e.origin().description();
        String key = relativeKey(message).map(k -> fullKey(k, origin)).orElse(null);
        String reason = message.replaceFirst("^[^:]+: (?:\\d+: )?", "").replaceFirst("^Invalid value at '[^']+': ", "");
        return new CommandFailure(
                "invalid configuration" + (key == null ? "" : " value for " + key) + ": " + reason
                        + (origin == null ? "" : " (from " + origin + ")"),
                HmsCommand.USAGE);
    }

    private static Optional<String> relativeKey(String message) {
        Matcher m = CONFIG_KEY.matcher(message);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1) != null ? m.group(1) : m.group(2));
    }

    /**
     * The full path of the key the settings read relative to a section, found by its origin (a key
     * from a --config file has the file as its origin: then the key with that last path counts).
     */
    private static String fullKey(String relative, String origin) {
        String byName = null;
        try {
            for (Map.Entry<String, com.typesafe.config.ConfigValue> en :
                    NodeSystem.config().getConfig("hms").entrySet()) {
                String path = "hms." + en.getKey();
                if (!path.endsWith("." + relative)) {
                    continue;
                }
                if (origin == null || origin.equals(en.getValue().origin().description())) {
                    return path;
                }
                byName = byName == null ? path : byName;
            }
        } catch (ConfigException ignored) {
            // the configuration cannot even be read: keep the key as the settings named it
        }
        return byName == null ? relative : byName;
    }

    private static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return String.valueOf(c.getMessage());
    }
}
