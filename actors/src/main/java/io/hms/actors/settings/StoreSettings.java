package io.hms.actors.settings;

/**
 * How the chain store runs ({@code hms.store}).
 *
 * @param syncWrites fsync the write-ahead log on every applied batch set
 * @param pruned keep only the latest epoch's history; the node then offers no history service
 */
public record StoreSettings(boolean syncWrites, boolean pruned) {}
