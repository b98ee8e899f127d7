package io.hms.engine.sync.request;

/** Whether a reported outcome was taken. */
public enum Ack {
  /** The outcome belongs to the current try of an outstanding request. */
  ACCEPTED,
  /** A late outcome of a try already given up (retried elsewhere, or cut off): ignore the result. */
  STALE
}
