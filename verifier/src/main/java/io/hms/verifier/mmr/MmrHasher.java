package io.hms.verifier.mmr;

/**
 * The hash operations of a Merkle Mountain Range, abstracted so the tree algorithms can be checked
 * against the toy-hash vectors of SPEC §3.4 as well as run with BLAKE2b. Leaves are hashed by the
 * caller; the algorithms only merge.
 *
 * @param <H> node value type
 */
interface MmrHasher<H> {

    /** The node over {@code left} and {@code right}, covering {@code prefix} leaves in total. */
    H merge(long prefix, H left, H right);

    /** The root of the empty tree. */
    H empty();

    /** Array factory so generic code can keep node values in plain arrays. */
    H[] newArray(int length);
}
