package io.hms.actors.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.protocol.message.Handshake;
import io.hms.protocol.message.Services;
import io.hms.protocol.model.ByteString;
import io.hms.protocol.model.Hash;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HandshakeCheckTest {
    private static final Hash GENESIS = hash(1);
    private static final Handshake LOCAL = hello(1, 42, GENESIS, "aa");

    @Test
    void shouldAcceptWhenVersionNetworkAndGenesisMatch() {
        assertThat(HandshakeCheck.check(LOCAL, hello(1, 42, GENESIS, "bb"))).isEmpty();
    }

    @Test
    void shouldAcceptWhenTheRemoteOffersOtherServices() {
        Handshake pruned = new Handshake(1, 42, GENESIS, 0, ByteString.fromHex("bb"));
        assertThat(HandshakeCheck.check(LOCAL, pruned)).isEmpty();
    }

    @Test
    void shouldRejectWhenTheGenesisDiffers() {
        assertThat(HandshakeCheck.check(LOCAL, hello(1, 42, hash(2), "bb")))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(CloseReason.GENESIS_MISMATCH));
    }

    @Test
    void shouldRejectWhenTheNetworkDiffers() {
        assertThat(HandshakeCheck.check(LOCAL, hello(1, 43, GENESIS, "bb")))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(CloseReason.NETWORK_MISMATCH));
    }

    @Test
    void shouldRejectWhenTheProtocolVersionDiffers() {
        assertThat(HandshakeCheck.check(LOCAL, hello(2, 42, GENESIS, "bb")))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(CloseReason.PROTOCOL_VERSION_MISMATCH));
    }

    @Test
    void shouldRejectWhenTheRemoteIsOurselves() {
        assertThat(HandshakeCheck.check(LOCAL, hello(1, 42, GENESIS, "aa")))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(CloseReason.SELF_CONNECTION));
    }

    @Test
    void shouldNameBothValuesWhenRejecting() {
        assertThat(HandshakeCheck.check(LOCAL, hello(1, 43, GENESIS, "bb")))
                .hasValueSatisfying(r -> assertThat(r.detail()).contains("42").contains("43"));
    }

    private static Handshake hello(int version, int network, Hash genesis, String nodeHex) {
        return new Handshake(
                version, network, genesis, Services.REQUIRED_FOR_HISTORY_SYNC, ByteString.fromHex(nodeHex));
    }

    private static Hash hash(int fill) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) fill);
        return Hash.wrap(b);
    }
}
