package io.hms.protocol.message;

/** Error codes of RequestMacroChain. {@link #OTHER} stands for any code this version does not know. */
public enum MacroChainError implements MacroChainResponse {
    UNKNOWN_LOCATORS,
    OTHER;

    public static MacroChainError fromCode(long code) {
        return code == 0 ? UNKNOWN_LOCATORS : OTHER;
    }

    @Override
    public boolean isError() {
        return true;
    }
}
