package io.hms.engine.sync.reorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.engine.sync.reorder.ReorderDecision.Acknowledge;
import io.hms.engine.sync.reorder.ReorderDecision.Completed;
import io.hms.engine.sync.reorder.ReorderDecision.Discard;
import io.hms.engine.sync.reorder.ReorderDecision.DropReason;
import io.hms.engine.sync.reorder.ReorderDecision.Dropped;
import io.hms.engine.sync.reorder.ReorderDecision.Forward;
import io.hms.engine.sync.reorder.ReorderDecision.Hold;
import io.hms.protocol.model.Hash;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RangeReorderWindowTest {
    private static final Hash TIP_1 = hash(1);
    private static final Hash TIP_2 = hash(2);
    private static final Hash OTHER = hash(9);

    private static Hash hash(int b) {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) b;
        return Hash.of(bytes);
    }

    private static RangeReorderWindow<String> window(long items, int ahead) {
        return new RangeReorderWindow<>(new ReorderSettings(items, ahead));
    }

    /** A window with ranges 1.. {@code count} open, each anchored on the tip of the one before. */
    private static RangeReorderWindow<String> chain(long items, int ahead, int count) {
        RangeReorderWindow<String> w = window(items, ahead);
        w.open(1, Optional.empty());
        for (int r = 2; r <= count; r++) {
            w.open(r, Optional.of(hash(r - 1)));
        }
        return w;
    }

    @Test
    void shouldForwardTheHeadsOffersAtOnce() {
        RangeReorderWindow<String> w = window(10, 1);
        w.open(1, Optional.empty());

        assertThat(w.offer(1, "a", 100)).containsExactly(new Forward<>(1, "a", true));
        assertThat(w.heldItems()).isZero();
    }

    @Test
    void shouldHoldARangeBehindTheHeadUntilTheHeadEndsOnItsAnchor() {
        RangeReorderWindow<String> w = chain(10, 1, 2);

        assertThat(w.offer(2, "b1", 4)).containsExactly(new Acknowledge<>(2));
        assertThat(w.offer(2, "b2", 4)).containsExactly(new Acknowledge<>(2));
        assertThat(w.offer(1, "a1", 4)).containsExactly(new Forward<>(1, "a1", true));
        assertThat(w.heldItems()).isEqualTo(8);

        assertThat(w.ended(1, Optional.of(TIP_1)))
                .containsExactly(new Completed<>(1), new Forward<>(2, "b1", false), new Forward<>(2, "b2", false));
        assertThat(w.head()).contains(2L);
        assertThat(w.heldItems()).isZero();
        assertThat(w.offer(2, "b3", 4)).containsExactly(new Forward<>(2, "b3", true));
    }

    @Test
    void shouldLeaveAnOfferUnacknowledgedWhenTheWindowIsFull() {
        RangeReorderWindow<String> w = chain(10, 1, 2);

        assertThat(w.offer(2, "b1", 8)).containsExactly(new Acknowledge<>(2));
        assertThat(w.offer(2, "b2", 8)).containsExactly(new Hold<>(2));
        assertThat(w.heldItems()).isEqualTo(8);

        assertThat(w.ended(1, Optional.of(TIP_1)))
                .containsExactly(new Completed<>(1), new Forward<>(2, "b1", false), new Forward<>(2, "b2", true));
    }

    @Test
    void shouldDropWhatWasVerifiedFromAnAnchorTheHeadDidNotEndOn() {
        RangeReorderWindow<String> w = window(100, 2);
        w.open(1, Optional.empty());
        w.open(2, Optional.of(OTHER));
        w.open(3, Optional.of(TIP_2));
        w.offer(2, "b1", 1);
        w.offer(3, "c1", 1);

        assertThat(w.ended(1, Optional.of(TIP_1)))
                .containsExactly(
                        new Completed<>(1),
                        new Discard<>(2, "b1"),
                        new Dropped<>(2, DropReason.LINK_BROKEN, Optional.of(TIP_1), Optional.of(OTHER)),
                        new Discard<>(3, "c1"),
                        new Dropped<>(3, DropReason.PREDECESSOR_FAILED, Optional.empty(), Optional.of(TIP_2)));
        assertThat(w.head()).isEmpty();
        assertThat(w.heldItems()).isZero();
        assertThat(w.offer(3, "c2", 1)).containsExactly(new Discard<>(3, "c2"));
    }

    @Test
    void shouldDropTheSuccessorsOfAHeadThatEndedWithoutAVerifiedTip() {
        RangeReorderWindow<String> w = chain(100, 1, 2);

        assertThat(w.ended(1, Optional.empty()))
                .containsExactly(
                        new Completed<>(1), new Dropped<>(2, DropReason.NO_TIP, Optional.empty(), Optional.of(TIP_1)));
    }

    @Test
    void shouldDropAFailedRangeAndEveryRangeAfterItButNotTheOnesBefore() {
        RangeReorderWindow<String> w = chain(100, 2, 3);
        w.offer(2, "b1", 1);
        w.offer(3, "c1", 1);

        assertThat(w.failed(3))
                .containsExactly(
                        new Discard<>(3, "c1"),
                        new Dropped<>(3, DropReason.FAILED, Optional.empty(), Optional.of(TIP_2)));
        assertThat(w.heldItems()).isEqualTo(1);
        assertThat(w.ended(1, Optional.of(TIP_1))).containsExactly(new Completed<>(1), new Forward<>(2, "b1", false));
    }

    @Test
    void shouldAdmitTheNearestWaitingRangeFirstWhenRoomFreesUp() {
        RangeReorderWindow<String> w = chain(10, 2, 3);
        assertThat(w.offer(3, "c1", 10)).containsExactly(new Acknowledge<>(3));
        assertThat(w.offer(2, "b1", 5)).containsExactly(new Hold<>(2));
        assertThat(w.offer(3, "c2", 5)).containsExactly(new Hold<>(3));

        // range 3 fails: its room goes to range 2, the nearer one
        assertThat(w.failed(3))
                .containsExactly(
                        new Discard<>(3, "c1"),
                        new Discard<>(3, "c2"),
                        new Dropped<>(3, DropReason.FAILED, Optional.empty(), Optional.of(TIP_2)),
                        new Acknowledge<>(2));
    }

    @Test
    void shouldRetireSeveralEndedRangesInOneStep() {
        RangeReorderWindow<String> w = chain(100, 2, 3);
        w.offer(2, "b1", 1);
        assertThat(w.ended(2, Optional.of(TIP_2))).isEmpty();
        w.offer(3, "c1", 1);

        assertThat(w.ended(1, Optional.of(TIP_1)))
                .containsExactly(
                        new Completed<>(1),
                        new Forward<>(2, "b1", false),
                        new Completed<>(2),
                        new Forward<>(3, "c1", false));
        assertThat(w.head()).contains(3L);
    }

    @Test
    void shouldOpenAtMostOneRangePlusTheRangesAhead() {
        RangeReorderWindow<String> w = chain(10, 1, 2);

        assertThat(w.hasRoom()).isFalse();
        assertThatThrownBy(() -> w.open(3, Optional.of(TIP_2))).isInstanceOf(IllegalStateException.class);
        w.ended(1, Optional.of(TIP_1));
        assertThat(w.hasRoom()).isTrue();
    }

    @Test
    void shouldRefuseARangeBehindTheHeadWithoutAnAnchor() {
        RangeReorderWindow<String> w = window(10, 1);
        w.open(1, Optional.empty());

        assertThatThrownBy(() -> w.open(2, Optional.empty())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRejectSettingsOutOfRange() {
        assertThatThrownBy(() -> new ReorderSettings(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReorderSettings(1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ReorderSettings.DEFAULTS.windowItems()).isEqualTo(65_536L);
    }
}
