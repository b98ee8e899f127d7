package io.hms.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SyncSettingsTest {
    @Test
    void shouldCarryTheOriginalsConstantsWhenDefaulted() {
        SyncSettings s = SyncSettings.DEFAULTS;
        assertThat(s.maxClusters()).isEqualTo(100);
        assertThat(s.maxQueuedJobs()).isEqualTo(4);
        assertThat(s.batchSetsInFlight()).isEqualTo(5);
        assertThat(s.chunksInFlight()).isEqualTo(12);
        assertThat(s.maxRequestEpochs()).isEqualTo(1000);
        assertThat(s.chunkSize()).isEqualTo(1024);
        assertThat(s.minAttempts()).isEqualTo(4);
        assertThat(s.maxAttempts()).isEqualTo(12);
        assertThat(s.recheckInterval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void shouldClampAttemptsBetweenFourAndTwelveWhenCountingPeers() {
        assertThat(SyncSettings.DEFAULTS.attemptsFor(0)).isEqualTo(4);
        assertThat(SyncSettings.DEFAULTS.attemptsFor(7)).isEqualTo(7);
        assertThat(SyncSettings.DEFAULTS.attemptsFor(40)).isEqualTo(12);
    }

    @Test
    void shouldRefuseInconsistentLimitsWhenConstructed() {
        SyncSettings d = SyncSettings.DEFAULTS;
        assertThatThrownBy(() -> new SyncSettings(
                        0,
                        4,
                        5,
                        12,
                        1000,
                        1024,
                        4,
                        12,
                        d.requestTimeout(),
                        d.recheckInterval(),
                        d.clusterProgressTimeout()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SyncSettings(
                        100,
                        4,
                        5,
                        12,
                        1000,
                        2048,
                        4,
                        12,
                        d.requestTimeout(),
                        d.recheckInterval(),
                        d.clusterProgressTimeout()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SyncSettings(
                        100,
                        4,
                        5,
                        12,
                        1000,
                        1024,
                        5,
                        4,
                        d.requestTimeout(),
                        d.recheckInterval(),
                        d.clusterProgressTimeout()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SyncSettings(
                        100,
                        4,
                        5,
                        12,
                        1000,
                        1024,
                        4,
                        12,
                        Duration.ZERO,
                        d.recheckInterval(),
                        d.clusterProgressTimeout()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
