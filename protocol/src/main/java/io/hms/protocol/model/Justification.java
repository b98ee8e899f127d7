package io.hms.protocol.model;

import io.hms.protocol.Limits;
import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Ed25519 signatures of validators over a macro block: the signers' validator indices in strictly
 * ascending order and one signature per signer in the same order. On the wire the signers are a
 * bitmap (bit {@code i % 8} of byte {@code i / 8} set for validator {@code i}; the last byte is
 * non-zero), followed by exactly one 64-byte signature per set bit, without a count.
 */
public record Justification(List<Integer> signers, List<Signature> signatures) {
    public Justification {
        signers = List.copyOf(signers);
        signatures = List.copyOf(signatures);
        if (signers.size() != signatures.size()) {
            throw new IllegalArgumentException(signers.size() + " signers but " + signatures.size() + " signatures");
        }
        int previous = -1;
        for (int s : signers) {
            if (s <= previous || s >= Limits.MAX_VALIDATORS) {
                throw new IllegalArgumentException(
                        "signer indices must ascend strictly below " + Limits.MAX_VALIDATORS);
            }
            previous = s;
        }
    }

    /** ASCII domain tag that starts every signed message, so a signature cannot be replayed elsewhere. */
    public static final byte[] SIGNING_DOMAIN =
            "hms/macro-block/v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * The exact bytes a validator signs for a macro block: the 18-byte ASCII domain tag {@code
     * "hms/macro-block/v1"}, the network id as one byte, then the 32-byte block hash.
     */
    public static byte[] signingMessage(int network, Hash blockHash) {
        byte[] msg = new byte[SIGNING_DOMAIN.length + 1 + Hash.LENGTH];
        System.arraycopy(SIGNING_DOMAIN, 0, msg, 0, SIGNING_DOMAIN.length);
        msg[SIGNING_DOMAIN.length] = (byte) network;
        System.arraycopy(blockHash.unsafeBytes(), 0, msg, SIGNING_DOMAIN.length + 1, Hash.LENGTH);
        return msg;
    }

    public static final Codec<Justification> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, Justification j) {
            int bytes = j.signers.isEmpty() ? 0 : j.signers.get(j.signers.size() - 1) / 8 + 1;
            byte[] bitmap = new byte[bytes];
            for (int s : j.signers) {
                bitmap[s / 8] |= (byte) (1 << (s % 8));
            }
            out.bytes(bitmap);
            for (Signature sig : j.signatures) {
                out.raw(sig.unsafeBytes());
            }
        }

        @Override
        public Justification read(Reader in) throws DecodeException {
            byte[] bitmap = in.bytes("Justification.signers", Limits.MAX_SIGNER_BITMAP_BYTES);
            if (bitmap.length > 0 && bitmap[bitmap.length - 1] == 0) {
                throw new DecodeException("Justification.signers", "bitmap has a trailing zero byte");
            }
            List<Integer> signers = new ArrayList<>();
            for (int i = 0; i < bitmap.length * 8; i++) {
                if ((bitmap[i / 8] & (1 << (i % 8))) != 0) {
                    signers.add(i);
                }
            }
            if ((long) signers.size() * Signature.LENGTH > in.remaining()) {
                throw new DecodeException("Justification.signatures", "truncated");
            }
            List<Signature> sigs = new ArrayList<>(signers.size());
            for (int i = 0; i < signers.size(); i++) {
                sigs.add(Signature.read(in, "Justification.signatures"));
            }
            return new Justification(signers, sigs);
        }
    };
}
