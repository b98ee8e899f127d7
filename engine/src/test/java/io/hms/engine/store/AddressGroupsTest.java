package io.hms.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.protocol.codec.Writer;
import org.junit.jupiter.api.Test;

/** The value of an address index entry: the group's leaves after the first, as varint gaps. */
class AddressGroupsTest {

    @Test
    void shouldDecodeTheLeavesOfAnEntryOldestFirst() throws Exception {
        byte[] value = new Writer().varint(1).varint(200).varint(1L << 40).toByteArray();
        assertThat(AddressGroups.leaves(7, value)).containsExactly(7, 8, 208, 208 + (1L << 40));
        assertThat(AddressGroups.leaves(5, new byte[0])).containsExactly(5);
    }

    @Test
    void shouldRefuseAnEntryThatRepeatsALeafOrEndsInsideAGap() {
        assertThatThrownBy(() -> AddressGroups.leaves(7, new byte[] {0}))
                .isInstanceOf(StoreException.class)
                .extracting(e -> ((StoreException) e).kind())
                .isEqualTo(StoreException.Kind.CORRUPTED);
        assertThatThrownBy(() -> AddressGroups.leaves(7, new byte[] {(byte) 0x81}))
                .isInstanceOf(StoreException.class);
    }
}
