package io.hms.actors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class ProgressModeTest {
    private static final BooleanSupplier TERMINAL = () -> true;
    private static final BooleanSupplier NOT_TERMINAL = () -> false;
    private static final BooleanSupplier NOT_ASKED = () -> {
        throw new AssertionError("stderr need not be checked when the mode is forced");
    };
    private static final Optional<String> XTERM = Optional.of("xterm-256color");

    @Test
    void shouldDrawABarWhenStderrIsATerminal() {
        assertThat(ProgressMode.resolve(Optional.empty(), Optional.empty(), XTERM, TERMINAL))
                .isEqualTo(ProgressMode.BAR);
    }

    @Test
    void shouldPrintPlainLinesWhenStderrIsNotATerminal() {
        assertThat(ProgressMode.resolve(Optional.empty(), Optional.empty(), XTERM, NOT_TERMINAL))
                .isEqualTo(ProgressMode.PLAIN);
    }

    @Test
    void shouldPrintPlainLinesWhenTheTerminalIsDumb() {
        assertThat(ProgressMode.resolve(Optional.empty(), Optional.empty(), Optional.of("dumb"), TERMINAL))
                .isEqualTo(ProgressMode.PLAIN);
    }

    @Test
    void shouldFollowTheEnvironmentWhenNoOptionIsGiven() {
        assertThat(ProgressMode.resolve(Optional.empty(), Optional.of("off"), XTERM, NOT_ASKED))
                .isEqualTo(ProgressMode.OFF);
        assertThat(ProgressMode.resolve(Optional.empty(), Optional.of("BAR"), XTERM, NOT_ASKED))
                .isEqualTo(ProgressMode.BAR);
    }

    @Test
    void shouldPreferTheOptionOverTheEnvironment() {
        assertThat(ProgressMode.resolve(Optional.of(ProgressMode.PLAIN), Optional.of("bar"), XTERM, NOT_ASKED))
                .isEqualTo(ProgressMode.PLAIN);
    }

    @Test
    void shouldDecideByStderrWhenTheEnvironmentNamesNoMode() {
        assertThat(ProgressMode.resolve(Optional.empty(), Optional.of("fancy"), XTERM, TERMINAL))
                .isEqualTo(ProgressMode.BAR);
        assertThat(ProgressMode.resolve(Optional.of(ProgressMode.AUTO), Optional.of("auto"), XTERM, NOT_TERMINAL))
                .isEqualTo(ProgressMode.PLAIN);
    }

    @Test
    void shouldTakeOnlyLinksToTerminalDevicesForATerminal() {
        assertThat(StderrTerminal.isTerminalDevice("/dev/pts/3")).isTrue();
        assertThat(StderrTerminal.isTerminalDevice("/dev/tty1")).isTrue();
        assertThat(StderrTerminal.isTerminalDevice("/tmp/sync.log")).isFalse();
        assertThat(StderrTerminal.isTerminalDevice("pipe:[48213]")).isFalse();
        assertThat(StderrTerminal.isTerminalDevice("/dev/null")).isFalse();
    }

    @Test
    void shouldReadTheWidthFromColumnsOrStty() {
        assertThat(StderrTerminal.columns(Optional.of("100"))).hasValue(100);
        assertThat(StderrTerminal.columns(Optional.of("wide"))).isEmpty();
        assertThat(StderrTerminal.columns(Optional.of("0"))).isEmpty();
        assertThat(StderrTerminal.sttyColumns("24 80\n")).hasValue(80);
        assertThat(StderrTerminal.sttyColumns("")).isEmpty();
    }
}
