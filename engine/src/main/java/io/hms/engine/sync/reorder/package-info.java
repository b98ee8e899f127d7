/**
 * Applying ranges that download in parallel strictly in chain order (issue 15): {@link
 * io.hms.engine.sync.reorder.RangeReorderWindow} holds what ranges ahead of the one being applied
 * hand over, within a bounded window, releases it once every range before it has ended and its
 * anchor (the election block it was verified from) is linked to the verified tip of the range
 * before it, and says when a range must wait (backpressure) or be dropped. Pure; the actor that
 * owns the job queue executes its {@link io.hms.engine.sync.reorder.ReorderDecision}s.
 */
package io.hms.engine.sync.reorder;
