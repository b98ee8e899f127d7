package io.hms.actors.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code hms} command line. Every subcommand explains itself with {@code --help}; a bad argument
 * prints one line and exits with 2, a command that cannot do its job prints one line and exits with
 * 1 (see docs/CLI.md).
 */
@Command(
        name = "hms",
        mixinStandardHelpOptions = true,
        version = "hms 0.1.0",
        description = {
            "History Macro Sync: download and verify a proof-of-stake chain's complete transaction history from peers.",
            "",
            "Start with 'hms demo'. Logs go to stderr; HMS_LOG_LEVEL=DEBUG shows more."
        },
        subcommands = {
            GenerateCommand.class,
            ServeCommand.class,
            SyncCommand.class,
            WorkerCommand.class,
            DemoCommand.class,
            StatusCommand.class,
            TxCommand.class,
            BlockCommand.class,
            PeersCommand.class,
            TxsCommand.class,
            RpcCommand.class,
            BenchCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class
        })
public final class HmsCommand implements Runnable {
    /** Exit code of a usage error (bad or missing argument). */
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(),
                "missing command: generate, serve, sync, demo, status, tx, block, bench or completion");
    }

    public static void main(String[] args) {
        BarConsole.install(); // stderr goes through the progress bar's console: messages never land inside the bar
        PrintWriter err = new PrintWriter(System.err, true);
        LogLevelCheck.check(System.getenv(), System.getProperties(), err);
        System.exit(run(args, new PrintWriter(System.out, true), err));
    }

    /** Runs {@code hms args}; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new HmsCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine()
                    .getErr()
                    .println(prefix(ex.getCommandLine()) + ": " + plainWords(ex.getMessage()) + " (see '"
                            + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parsed) -> {
            java.util.Optional<CommandFailure> expected = Failures.explain(ex);
            if (expected.isPresent()) {
                commandLine
                        .getErr()
                        .println(prefix(commandLine) + ": " + expected.get().getMessage());
                return expected.get().exitCode();
            }
            commandLine.getErr().println(prefix(commandLine) + ": unexpected error: " + ex);
            ex.printStackTrace(commandLine.getErr());
            return CommandFailure.FAILED;
        });
        return cli.execute(args);
    }

    /**
     * Picocli's wording in plain words: "Invalid value for option '--epochs': 'abc' is not a long"
     * becomes "--epochs: 'abc' is not a whole number" ("a number" for decimals).
     */
    static String plainWords(String message) {
        return String.valueOf(message)
                .replaceAll("^Invalid value for option '([^']+)'(?: \\([^)]*\\))?: ", "$1: ")
                .replaceAll("^Invalid value for positional parameter at index \\d+ \\(([^)]+)\\): ", "$1: ")
                .replaceAll("' is not an? (int|long|short|byte|java\\.lang\\.\\w+)\\b", "' is not a whole number")
                .replaceAll("' is not an? (double|float)\\b", "' is not a number");
    }

    private static String prefix(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName();
    }
}
