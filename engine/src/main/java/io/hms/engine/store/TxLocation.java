package io.hms.engine.store;

/**
 * Where a historic transaction sits: leaf {@code leafIndex} of the history tree of {@code epoch},
 * recorded in block {@code blockNumber}.
 */
public record TxLocation(long epoch, long leafIndex, long blockNumber) {}
