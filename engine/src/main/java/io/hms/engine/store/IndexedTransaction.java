package io.hms.engine.store;

import io.hms.protocol.model.HistoricTransaction;

/** A stored historic transaction with where it sits: an answer of the address index. */
public record IndexedTransaction(TxLocation location, HistoricTransaction transaction) {}
