package io.hms.actors.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Checks {@code HMS_LOG_LEVEL} (and {@code -Dhms.log.level}) before logback reads them: logback takes an
 * unknown level for DEBUG without a word, so an invalid one is reported in one line and replaced by
 * INFO. Must run before the first logger is created.
 */
final class LogLevelCheck {
    static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF", "ALL");
    static final String PROPERTY = "hms.log.level";

    private LogLevelCheck() {}

    static void check(Map<String, String> env, Properties system, PrintWriter err) {
        String property = system.getProperty(PROPERTY);
        String name = property != null ? "-D" + PROPERTY : "HMS_LOG_LEVEL";
        String value = property != null ? property : env.get("HMS_LOG_LEVEL");
        if (value == null || LEVELS.contains(value.trim().toUpperCase(Locale.ROOT))) {
            return;
        }
        err.println("hms: warning: " + name + "='" + value + "' is not a log level (one of TRACE, DEBUG, INFO, WARN,"
                + " ERROR, OFF); logging at INFO");
        err.flush();
        system.setProperty(PROPERTY, "INFO");
    }
}
