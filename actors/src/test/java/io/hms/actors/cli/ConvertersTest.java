package io.hms.actors.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ConvertersTest {
    private final Converters.DurationConverter durations = new Converters.DurationConverter();
    private final Converters.HostPortConverter hostPorts = new Converters.HostPortConverter();

    @Test
    void shouldReadShortAndIsoDurationsWhenWellFormed() {
        assertThat(durations.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(durations.convert("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(durations.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(durations.convert("3m")).isEqualTo(Duration.ofMinutes(3));
        assertThat(durations.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(durations.convert("PT4S")).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void shouldRejectDurationsWhenMalformedOrNotPositive() {
        for (String bad : new String[] {"soon", "0s", "-1s", "5 parsecs", "PT0S"}) {
            assertThatThrownBy(() -> durations.convert(bad)).as(bad).isInstanceOf(TypeConversionException.class);
        }
    }

    @Test
    void shouldReadHostAndPortWhenWellFormed() {
        InetSocketAddress a = hostPorts.convert("127.0.0.1:4000");
        assertThat(a.getPort()).isEqualTo(4000);
        assertThat(a.getHostString()).isEqualTo("127.0.0.1");
    }

    @Test
    void shouldRejectHostPortsWhenMalformed() {
        for (String bad : new String[] {"host", ":80", "host:", "host:http", "host:0", "host:65536"}) {
            assertThatThrownBy(() -> hostPorts.convert(bad)).as(bad).isInstanceOf(TypeConversionException.class);
        }
    }

    @Test
    void shouldRejectHashesWhenNotSixtyFourHexDigits() {
        Converters.HashConverter hashes = new Converters.HashConverter();
        assertThat(hashes.convert("AB".repeat(32)).toHex()).isEqualTo("ab".repeat(32));
        assertThatThrownBy(() -> hashes.convert("ab")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> hashes.convert("zz".repeat(32))).isInstanceOf(TypeConversionException.class);
    }
}
