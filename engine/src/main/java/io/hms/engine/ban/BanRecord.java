package io.hms.engine.ban;

import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One banned identity: why (the name of the fault that proved the peer lying, e.g. {@code
 * CHECKPOINT_WRONG_EPOCH}), since when (its latest offence), until when, and how many offences it
 * has committed (each doubles the next ban's length). A record outlives its ban, so that a peer
 * lying again after its ban expired is banned for longer; the book's size bound forgets it.
 */
public record BanRecord(BanKey key, String reason, Instant since, Instant until, int offences) {
    /** Longest reason stored (bytes of UTF-8). */
    public static final int MAX_REASON_BYTES = 64;

    public BanRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        if (offences < 1 || until.isBefore(since)) {
            throw new IllegalArgumentException("a ban needs an offence and until >= since: " + offences);
        }
        if (reason.isEmpty() || reason.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("a ban reason needs 1.." + MAX_REASON_BYTES + " bytes: " + reason);
        }
    }

    /** True while the ban refuses its key. */
    public boolean activeAt(Instant now) {
        return now.isBefore(until);
    }

    /** The key, the reason ({@code bytes<64>}), since and until (be64 epoch milliseconds), offences (varint). */
    public static final Codec<BanRecord> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, BanRecord r) {
            BanKey.CODEC.write(out, r.key());
            out.bytes(r.reason().getBytes(StandardCharsets.UTF_8))
                    .be64(r.since().toEpochMilli())
                    .be64(r.until().toEpochMilli())
                    .varint(r.offences());
        }

        @Override
        public BanRecord read(Reader in) throws DecodeException {
            BanKey key = BanKey.CODEC.read(in);
            String reason = new String(in.bytes("BanRecord.reason", MAX_REASON_BYTES), StandardCharsets.UTF_8);
            Instant since = Instant.ofEpochMilli(in.be64("BanRecord.since"));
            Instant until = Instant.ofEpochMilli(in.be64("BanRecord.until"));
            long offences = in.varint("BanRecord.offences", Integer.MAX_VALUE);
            try {
                return new BanRecord(key, reason, since, until, (int) offences);
            } catch (IllegalArgumentException e) {
                throw new DecodeException("BanRecord", e.getMessage());
            }
        }
    };
}
