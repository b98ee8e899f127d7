package io.hms.actors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BarConsoleTest {
    private static final String CLEAR = "\r\033[K";

    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final BarConsole console = new BarConsole(screen, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(console, true, StandardCharsets.UTF_8);

    @Test
    void shouldClearTheBarPrintTheLogLineAndRedrawTheBarWhenALineIsLogged() {
        console.show("[==> ] 50%");
        err.print("12:00:00.000 WARN  x - a log line\n");

        assertThat(screen())
                .isEqualTo(CLEAR + "[==> ] 50%" + CLEAR + "12:00:00.000 WARN  x - a log line\n" + "[==> ] 50%");
    }

    @Test
    void shouldRedrawInPlaceWhenTheBarChanges() {
        console.show("[=>  ] 25%");
        console.show("[==> ] 50%");

        assertThat(screen()).isEqualTo(CLEAR + "[=>  ] 25%" + CLEAR + "[==> ] 50%");
    }

    @Test
    void shouldWaitForTheEndOfAPartlyWrittenLineBeforeDrawingTheBar() {
        console.show("bar 1");
        err.print("half a ");
        console.show("bar 2");
        err.print("line\n");

        assertThat(screen()).isEqualTo(CLEAR + "bar 1" + CLEAR + "half a line\nbar 2");
    }

    @Test
    void shouldLeaveTheLastFrameOnItsOwnLineAndPassLinesThroughWhenTheBarEnded() {
        console.show("[====] 100%");
        console.end(true);
        err.print("hms sync: interrupted\n");

        assertThat(screen()).isEqualTo(CLEAR + "[====] 100%" + System.lineSeparator() + "hms sync: interrupted\n");
    }

    @Test
    void shouldPassBytesThroughUnchangedWhenNoBarIsShown() {
        err.print("plain\nlines\n");

        assertThat(screen()).isEqualTo("plain\nlines\n");
    }

    private String screen() {
        return screen.toString(StandardCharsets.UTF_8);
    }
}
