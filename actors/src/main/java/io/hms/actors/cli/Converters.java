package io.hms.actors.cli;

import io.hms.protocol.Policy;
import io.hms.protocol.model.Hash;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parsers for the command line's value types; a bad value is a one-line usage error. */
final class Converters {
    private Converters() {}

    /** {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 1m}, {@code 1h}, or ISO-8601 ({@code PT2S}). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher m = SIMPLE.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                double amount = Double.parseDouble(m.group(1));
                long millis = Math.round(amount
                        * switch (m.group(2)) {
                            case "ms" -> 1;
                            case "s" -> 1_000;
                            case "m" -> 60_000;
                            default -> 3_600_000;
                        });
                if (millis <= 0) {
                    throw new TypeConversionException("duration must be positive: '" + value + "'");
                }
                return Duration.ofMillis(millis);
            }
            try {
                Duration d = Duration.parse(value);
                if (d.isNegative() || d.isZero()) {
                    throw new TypeConversionException("duration must be positive: '" + value + "'");
                }
                return d;
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 2s, 1m)");
            }
        }
    }

    /** {@code HOST:PORT}. */
    static final class HostPortConverter implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new TypeConversionException("'" + value + "' is not HOST:PORT");
            }
            int port;
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' has no numeric port");
            }
            if (port < 1 || port > 0xFFFF) {
                throw new TypeConversionException("port out of range in '" + value + "'");
            }
            return new InetSocketAddress(value.substring(0, colon), port);
        }
    }

    /** A 64-digit hex hash. */
    static final class HashConverter implements ITypeConverter<Hash> {
        @Override
        public Hash convert(String value) {
            if (!value.matches("[0-9a-fA-F]{64}")) {
                throw new TypeConversionException("'" + value + "' is not a 64-digit hex hash");
            }
            return Hash.fromHex(value.toLowerCase(Locale.ROOT));
        }
    }

    /** {@code unit}, {@code test} or {@code mainnet}. */
    static final class PolicyConverter implements ITypeConverter<Policy> {
        @Override
        public Policy convert(String value) {
            try {
                return Policy.byName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
