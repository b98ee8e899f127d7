package io.hms.actors.serialization;

/**
 * Marks messages that cross actors. {@code reference.conf} binds it to Pekko's Jackson CBOR
 * serializer, so every such message must be an immutable record of plain data (hashes, blocks,
 * peer ids, actor refs) and can travel between the machines of a Pekko Cluster.
 */
public interface CborSerializable {}
