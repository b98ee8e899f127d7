package io.hms.actors.network;

import io.hms.engine.sync.PeerId;

/** A peer connected (with the services it advertised) or went away. */
public sealed interface PeerEvent {
  PeerId peer();

  record PeerJoined(PeerId peer, long services) implements PeerEvent {}

  record PeerLeft(PeerId peer) implements PeerEvent {}
}
