package io.hms.engine.store;

/**
 * The in-memory copy of what {@link StoreHeads} names, swapped atomically after each commit so
 * that readers see one consistent (election head, macro head, counts) triple without locking.
 */
record ChainState(StoredBlock electionHead, StoredBlock macroHead, StoreHeads heads) {}
