package io.hms.actors.cli;

import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * How {@code hms sync} shows progress: a bar redrawn in place on stderr, an INFO line every few
 * seconds, or nothing. {@code --progress} wins over {@code HMS_PROGRESS}; without either ({@link
 * #AUTO}) a bar is drawn only when stderr itself is a terminal that can draw one.
 */
enum ProgressMode {
    AUTO,
    BAR,
    PLAIN,
    OFF;

    /** The environment variable that chooses the mode when {@code --progress} is not given. */
    static final String ENV = "HMS_PROGRESS";

    /** {@code value} as a mode, ignoring case; empty if it names none. */
    static Optional<ProgressMode> parse(String value) {
        for (ProgressMode m : values()) {
            if (m.name().equalsIgnoreCase(value.trim())) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /**
     * The mode to use: BAR, PLAIN or OFF, never AUTO.
     *
     * @param option {@code --progress}, if given
     * @param env {@code HMS_PROGRESS}, if set (a value naming no mode counts as AUTO)
     * @param term {@code TERM}, if set: a "dumb" terminal cannot redraw a line
     * @param stderrIsTerminal asked only when the choice is left to the terminal
     */
    static ProgressMode resolve(
            Optional<ProgressMode> option,
            Optional<String> env,
            Optional<String> term,
            BooleanSupplier stderrIsTerminal) {
        ProgressMode chosen = option.filter(m -> m != AUTO)
                .or(() -> env.flatMap(ProgressMode::parse).filter(m -> m != AUTO))
                .orElse(AUTO);
        if (chosen != AUTO) {
            return chosen;
        }
        boolean dumb = term.map(t -> t.toLowerCase(Locale.ROOT).equals("dumb")).orElse(false);
        return !dumb && stderrIsTerminal.getAsBoolean() ? BAR : PLAIN;
    }

    /** {@code --progress} in any case: auto, bar, plain or off. */
    static final class Converter implements CommandLine.ITypeConverter<ProgressMode> {
        @Override
        public ProgressMode convert(String value) {
            return parse(value)
                    .orElseThrow(() -> new CommandLine.TypeConversionException(
                            "'" + value + "' is not one of auto, bar, plain, off"));
        }
    }

    /** The mode for this process: {@code option}, the environment and stderr. */
    static ProgressMode resolve(Optional<ProgressMode> option) {
        Optional<String> env = Optional.ofNullable(System.getenv(ENV));
        if (env.isPresent() && parse(env.get()).isEmpty()) {
            LoggerFactory.getLogger(ProgressMode.class)
                    .warn("{}='{}' is not one of auto, bar, plain, off; using auto", ENV, env.get());
        }
        return resolve(option, env, Optional.ofNullable(System.getenv("TERM")), StderrTerminal::isTerminal);
    }
}
