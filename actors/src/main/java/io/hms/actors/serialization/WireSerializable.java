package io.hms.actors.serialization;

/**
 * Marks the messages that cross nodes of a Pekko Cluster (coordinator and workers, docs/ARCHITECTURE.md
 * "Workers"). {@code reference.conf} binds it to hms's own serializer ({@code io.hms.actors.wire.WireSerializer},
 * id 7315), which writes them in the protocol's canonical binary form: hashes as 32 raw bytes,
 * integers as varints, no hex and no JSON. A message carries one marker, this or {@link CborSerializable}.
 */
public interface WireSerializable {}
