package io.hms.protocol.message;

/** Error codes of RequestBatchSet. {@link #OTHER} stands for any code this version does not know. */
public enum BatchSetError implements BatchSetResponse {
    TARGET_HASH_NOT_FOUND,
    MICRO_BLOCK_GIVEN,
    OTHER;

    public static BatchSetError fromCode(long code) {
        if (code == 0) {
            return TARGET_HASH_NOT_FOUND;
        }
        return code == 1 ? MICRO_BLOCK_GIVEN : OTHER;
    }

    @Override
    public boolean isError() {
        return true;
    }
}
