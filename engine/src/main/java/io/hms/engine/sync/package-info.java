/**
 * The algorithms of History Macro Sync (SPEC §4) as plain, synchronous classes: each takes values
 * and returns a decision that the actor layer executes. Nothing here has threads, futures, clocks
 * or I/O, so every rule is unit-tested alone.
 *
 * <p>How a sync uses them, in the order of SPEC §4.3:
 *
 * <ol>
 *   <li>{@code macrochain}: {@code LocatorBuilder} builds the epoch-id request for a peer;
 *       {@code MacroChainValidator} judges the reply into {@link io.hms.engine.sync.EpochIds} or a
 *       ban.
 *   <li>{@code clustering}: {@code EpochIdClusterer} places the ids into clusters over an immutable
 *       {@code ClusteringState}; {@code ClusterSelector} picks the next cluster to download;
 *       {@code ClusterFinisher} ends a cluster and says which peers to ask again. {@code
 *       ClusterLifecycle} puts them together as the supervisor's decisions: given the {@code
 *       LifecycleState} and one input (epoch ids, a peer that left, a chance to activate, a hand-off,
 *       a download's end, a rejected push, a finish reached) it returns the next state and the
 *       {@code ClusterDecision}s the actor executes.
 *   <li>{@code ingest}: {@code BatchSetPlanner} turns a verified batch-set info into the batch
 *       sets to push and the epoch's chunk requests, all proved against the info's final block so
 *       that each history leaf is fetched once per epoch (SPEC §0 "Scale"); each batch set below
 *       the final block gets a {@code ChainProof} instead of a justification. {@code
 *       BatchSetSplitter} takes the verified chunks in request order, splits their leaves across
 *       the batch sets by leaf index and releases complete batch sets, in order, for {@code
 *       pushHistorySync} (or hands the leaves of large ones on to be staged).
 *   <li>{@code peers}: {@code PeerScheduler} picks, for each request, the peer of a cluster expected
 *       to answer it first by measured speed, and says when a late request should be duplicated on
 *       a faster peer (issue 12).
 * </ol>
 *
 * <p>Retries and the in-order release are not decided here: the actors' cluster stream does that
 * (ordered {@code mapAsync} windows, {@code PeerFetch} retrying on the cluster's peers, SPEC §4.8).
 * Every limit comes from {@link io.hms.engine.sync.SyncSettings} (scheduling: {@code SchedulingSettings}).
 */
package io.hms.engine.sync;
