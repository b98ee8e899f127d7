package io.hms.protocol.model;

/** The reward paid at the end of a batch to a validator's reward address. */
public record BatchReward(PublicKey validator, PublicKey rewardAddress, long value) implements HistoricData {}
