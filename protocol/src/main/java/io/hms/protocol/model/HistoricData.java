package io.hms.protocol.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a historic transaction records. Variant indices on the wire: 0 {@link Transfer}, 1 {@link
 * BatchReward}, 2 {@link Penalty}, 3 {@link Jail}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(Transfer.class),
    @JsonSubTypes.Type(BatchReward.class),
    @JsonSubTypes.Type(Penalty.class),
    @JsonSubTypes.Type(Jail.class)
})
public sealed interface HistoricData permits Transfer, BatchReward, Penalty, Jail {}
