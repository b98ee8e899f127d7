package io.hms.actors.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.settings.SyncActorSettings;
import org.junit.jupiter.api.Test;

class WorkerActorSettingsTest {
    @Test
    void shouldKeepEveryConfiguredSettingAndOnlyStageAboveOneChunk() {
        HmsSettings settings = HmsSettings.create(ConfigFactory.parseString("hms.sync.max-queued-items = 777\n"
                + "hms.sync.reorder.max-ranges-ahead = 3\n"
                + "hms.sync.reorder.range-epochs = 5\n"
                + "hms.sync.max-active-clusters = 7\n"
                + "hms.sync.stage-above-items = 65536"));
        SyncActorSettings configured = settings.syncActors();

        SyncActorSettings worker = WorkerActor.rangeSettings(settings);

        assertThat(worker.stageAboveItems()).isEqualTo(settings.sync().chunkSize());
        assertThat(worker)
                .isEqualTo(configured.withStageAboveItems(settings.sync().chunkSize()));
        assertThat(worker.maxQueuedItems()).isEqualTo(777);
        assertThat(worker.reorder()).isEqualTo(configured.reorder());
        assertThat(worker.maxActiveClusters()).isEqualTo(7);
    }

    @Test
    void shouldKeepAStageLimitBelowOneChunk() {
        HmsSettings settings = HmsSettings.create(ConfigFactory.parseString("hms.sync.stage-above-items = 10"));

        assertThat(WorkerActor.rangeSettings(settings).stageAboveItems()).isEqualTo(10);
    }
}
