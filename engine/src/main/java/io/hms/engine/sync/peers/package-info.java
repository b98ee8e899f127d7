/**
 * Which peer gets which request, by measured speed (issue 12): {@link
 * io.hms.engine.sync.peers.PeerScheduler} keeps a TCP-like estimate per peer (delivery rate, smallest
 * round trip, a window of bandwidth × delay with additive increase and multiplicative decrease on
 * timeouts) and picks, for each request, the peer expected to answer first; it also says when a
 * request still open should be duplicated on a faster peer. Pure and clock-injected; the cluster
 * actor owns one and executes its decisions.
 */
package io.hms.engine.sync.peers;
