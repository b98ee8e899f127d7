package io.hms.actors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.node.SyncProgress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressFormatTest {
    private static final long MIB = 1024 * 1024;

    /** A resumed sync at epoch 9 of 20, 45 % of the chain's transactions, 1834 tx/s, 12 s left. */
    private static final SyncProgress.Snapshot RESUMED =
            new SyncProgress.Snapshot(9, 20, 4500, 10_000, 30, 1834, Optional.of(Duration.ofSeconds(12)), 320, true);

    @Test
    void shouldShowABarWithPercentEpochsRateBytesAndEtaWhenEightyColumns() {
        String line = ProgressFormat.line(RESUMED, 12 * MIB, 80);

        assertThat(line)
                .isEqualTo("[" + "=".repeat(11) + ">" + " ".repeat(13) + "]  45% epoch  9/20   1.8k tx/s   12.0 MiB"
                        + " ETA 0:12   ");
        assertThat(line.length()).isLessThanOrEqualTo(79);
        assertThat(barWidth(line)).isGreaterThanOrEqualTo(20);
    }

    @Test
    void shouldDropTheBytesButCutNothingElseWhenSixtyColumns() {
        String line = ProgressFormat.line(RESUMED, 12 * MIB, 60);

        assertThat(line).endsWith("]  45% epoch  9/20   1.8k tx/s ETA 0:12   ");
        assertThat(line.length()).isLessThanOrEqualTo(59);
        assertThat(barWidth(line)).isGreaterThanOrEqualTo(12);
    }

    @Test
    void shouldUseTheCompactFormWhenSixtyColumnsAndLargeNumbers() {
        SyncProgress.Snapshot big = new SyncProgress.Snapshot(
                1234, 2000, 1, 2, 0, 999_900, Optional.of(Duration.ofSeconds(12 * 3600 + 34 * 60 + 56)), 1, true);

        String line = ProgressFormat.line(big, 123 * MIB, 60);

        assertThat(line).endsWith("]  50% ep 1234/2000 999.9k tx/s ETA 12:34:56");
        assertThat(line.length()).isLessThanOrEqualTo(59);
        assertThat(barWidth(line)).isGreaterThanOrEqualTo(8);
    }

    @Test
    void shouldCapTheBarWhenOneHundredTwentyColumns() {
        String line = ProgressFormat.line(RESUMED, 12 * MIB, 120);

        assertThat(barWidth(line)).isEqualTo(ProgressFormat.MAX_BAR);
        assertThat(line).endsWith("]  45% epoch  9/20   1.8k tx/s   12.0 MiB ETA 0:12   ");
    }

    @Test
    void shouldNeverExceedTheWidthWhenTheTerminalIsTiny() {
        for (int columns = 1; columns <= 200; columns++) {
            assertThat(ProgressFormat.line(RESUMED, 12 * MIB, columns).length())
                    .as("%d columns", columns)
                    .isLessThanOrEqualTo(Math.max(1, columns - 1));
        }
        assertThat(ProgressFormat.line(RESUMED, 12 * MIB, 30)).isEqualTo("45% ep 9/20 ETA 0:12");
    }

    @Test
    void shouldShowNoEtaWhenItIsWithheld() {
        SyncProgress.Snapshot early =
                new SyncProgress.Snapshot(9, 20, 4500, 10_000, 1, 1834, Optional.empty(), 320, true);

        assertThat(ProgressFormat.line(early, 0, 80)).endsWith("ETA --:--  ");
        assertThat(ProgressFormat.plain(early, 0)).endsWith("ETA not yet known");
    }

    @Test
    void shouldShowAnUnknownTargetAsQuestionMarksBeforeAnyClusterStarted() {
        SyncProgress.Snapshot unknown = new SyncProgress.Snapshot(9, 9, 900, 0, 0, 0, Optional.empty(), 144, false);

        assertThat(ProgressFormat.line(unknown, 0, 80))
                .matches("\\[ +]   \\?% epoch 9/\\?      0 tx/s        0 B ETA --:-- *");
    }

    @Test
    void shouldCountTheWholeChainInThePlainLineWhenResumed() {
        assertThat(ProgressFormat.plain(RESUMED, 12 * MIB))
                .isEqualTo("synced epoch 9 of 20, 4500 of ~10000 transactions (45%), 12.0 MiB received, 1834 tx/s,"
                        + " ETA 12.0 s");
    }

    @Test
    void shouldFormatRatesAndClocksInFewCharacters() {
        assertThat(ProgressFormat.rate(950)).isEqualTo("950");
        assertThat(ProgressFormat.rate(12_345)).isEqualTo("12.3k");
        assertThat(ProgressFormat.rate(1_234_567)).isEqualTo("1.2M");
        assertThat(ProgressFormat.clock(Duration.ofSeconds(7))).isEqualTo("0:07");
        assertThat(ProgressFormat.clock(Duration.ofSeconds(125))).isEqualTo("2:05");
        assertThat(ProgressFormat.clock(Duration.ofSeconds(3725))).isEqualTo("1:02:05");
        assertThat(ProgressFormat.bar(0.5, 10)).isEqualTo("=====>    ");
        assertThat(ProgressFormat.bar(1.0, 4)).isEqualTo("====");
    }

    private static int barWidth(String line) {
        return line.indexOf(']') - 1;
    }
}
