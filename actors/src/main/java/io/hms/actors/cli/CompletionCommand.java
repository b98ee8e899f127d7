package io.hms.actors.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hms completion}: the bash (and zsh) completion script picocli generates from the commands. */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        header = "Print a bash/zsh completion script for hms.",
        description = {
            "Prints a completion script generated from hms's own commands and options. Load it in the current"
                    + " shell with:  source <(hms completion)  or install it with:  hms completion >"
                    + " /etc/bash_completion.d/hms"
        })
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("hms", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
