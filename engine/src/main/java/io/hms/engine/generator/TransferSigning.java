package io.hms.engine.generator;

import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.ByteString;
import io.hms.protocol.model.PublicKey;

/**
 * The bytes a generated transfer's sender signs: the transfer's canonical encoding without the
 * trailing signature, i.e. network id (u8), sender (32 bytes), recipient (32 bytes), value, fee
 * and validity start height (varints), data (varint length, bytes) — the fields of {@code
 * HistoricTransaction.CODEC}'s transfer arm in the same order. Signing the encoding itself rather
 * than a separate digest keeps the rule obvious for anyone who wants to check the signatures; hms
 * itself never does (it does not replay transactions, SPEC §0).
 */
public final class TransferSigning {
    private TransferSigning() {}

    public static byte[] message(
            int networkId,
            PublicKey sender,
            PublicKey recipient,
            long value,
            long fee,
            long validityStart,
            ByteString data) {
        Writer w = new Writer(110 + data.size());
        w.u8(networkId).raw(sender.unsafeBytes()).raw(recipient.unsafeBytes());
        w.varint(value).varint(fee).varint(validityStart).bytes(data.unsafeBytes());
        return w.toByteArray();
    }
}
