package io.hms.engine.sync.peers;

/**
 * What one cluster has measured of one peer, TCP-style: the delivery rate (answers per second while
 * the peer has work), the smallest round trip seen, and from them the in-flight window that keeps
 * the peer busy without queueing at it, {@code ceil(rate × minRtt) + 1} (bandwidth × delay over the
 * typical answer's size, counted in answers). An additive-increase, multiplicative-decrease cap sits
 * on top: each answer raises it by one, each timeout or overload halves it. A timeout also makes
 * the peer suspect (window 1) until it answers again.
 *
 * <p>The delivery rate is a ratio of decaying sums, answers over busy time, where an answer's busy
 * time is the time since it was sent or since the previous answer, whichever is later; answers
 * that arrive together therefore do not make the rate jump. Plain and single-threaded.
 */
final class PeerEstimate {
    private final SchedulingSettings settings;
    private double answers;
    private double busyNanos;
    private long minRttNanos = Long.MAX_VALUE;
    private long lastAnswerNanos = Long.MIN_VALUE;
    private int cap;
    private boolean suspect;
    private int outstanding;

    PeerEstimate(SchedulingSettings settings) {
        this.settings = settings;
        this.cap = settings.initialWindow();
    }

    /**
     * Starts from what an earlier cluster measured: one answer's worth of weight, so this cluster's
     * own answers soon outweigh it.
     */
    void seed(PeerSpeeds.Speed speed) {
        answers = 1;
        busyNanos = 1e9 / speed.rate();
        minRttNanos = speed.minRttNanos();
    }

    PeerSpeeds.Speed speed() {
        return new PeerSpeeds.Speed(rate(), minRttNanos);
    }

    /** The peer answered a request sent at {@code sentNanos}, at {@code nowNanos}. */
    void answered(long sentNanos, long nowNanos) {
        long busy = nowNanos - Math.max(sentNanos, lastAnswerNanos);
        double keep = 1 - settings.smoothing();
        answers = answers * keep + 1;
        busyNanos = busyNanos * keep + Math.max(0, busy);
        minRttNanos = Math.min(minRttNanos, Math.max(0, nowNanos - sentNanos));
        lastAnswerNanos = Math.max(lastAnswerNanos, nowNanos);
        cap = Math.min(settings.maxWindow(), cap + 1);
        suspect = false;
    }

    /** No answer by the deadline: fewer requests at once, and at most one until it answers. */
    void timedOut() {
        cap = Math.max(1, cap / 2);
        suspect = true;
    }

    /** The request could not even be sent in time: fewer requests at once. */
    void overloaded() {
        cap = Math.max(1, cap / 2);
    }

    /** Another kind of request timed out at the peer: it may be silent. */
    void markSuspect() {
        suspect = true;
    }

    /** Another kind of request was answered: the peer is alive. */
    void cleared() {
        suspect = false;
    }

    boolean measured() {
        return answers > 0 && minRttNanos != Long.MAX_VALUE;
    }

    boolean suspect() {
        return suspect;
    }

    /** Answers per second while busy; positive only once {@link #measured}. */
    double rate() {
        return busyNanos <= 0 ? Double.POSITIVE_INFINITY : answers * 1e9 / busyNanos;
    }

    /** Time one request takes when nothing else is open at the peer; only once {@link #measured}. */
    double expectedAloneNanos() {
        return Math.max(minRttNanos, 1e9 / rate());
    }

    long minRttNanos() {
        return minRttNanos;
    }

    /** Requests this cluster may keep outstanding at the peer now. */
    int window() {
        if (suspect) {
            return 1;
        }
        if (!measured()) {
            return Math.min(cap, settings.initialWindow());
        }
        double bdp = rate() * minRttNanos / 1e9;
        long sized = Double.isInfinite(bdp) ? settings.maxWindow() : (long) Math.ceil(bdp) + 1;
        return (int) Math.max(1, Math.min(Math.min(sized, settings.maxWindow()), cap));
    }

    int outstanding() {
        return outstanding;
    }

    void sent() {
        outstanding++;
    }

    void ended() {
        outstanding = Math.max(0, outstanding - 1);
    }
}
