package faultline.cli;

import faultline.report.ReportException;
import faultline.report.ToolInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code faultline} command. Exit codes: 0 nothing at or above {@code --fail-on}; 1 findings at or above it;
 * 2 bad usage, unreadable input or any other failure, always with a one-line message on stderr and no stack trace
 * unless {@code --debug} is given.
 */
@Command(name = "faultline", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Static deadlock analysis for Linux-kernel-style C.",
    subcommands = {CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:no finding at or above --fail-on", "1:findings at or above --fail-on",
        "2:bad usage, unreadable input or internal error"})
public final class Main implements Runnable {

  public static final int OK = 0;
  public static final int FINDINGS = 1;
  public static final int USAGE = 2;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args, Env.system(PipelineEngine.INSTANCE)));
  }

  /** Runs one command line against {@code env}; returns the exit code instead of exiting. */
  public static int run(String[] args, Env env) {
    boolean debug = Arrays.asList(args).contains("--debug");
    CommandLine cli = new CommandLine(new Main());
    cli.addSubcommand("scan", new ScanCommand(env, List.of(args)));
    cli.addSubcommand("rules", new RulesCommand(env));
    cli.addSubcommand("functions", new FunctionsCommand(env));
    cli.addSubcommand("lsp", new LspCommand(env));
    cli.setOut(new PrintWriter(env.out(), true));
    cli.setErr(new PrintWriter(env.err(), true));
    cli.setParameterExceptionHandler((e, a) -> {
      env.err().println("faultline: " + oneLine(e.getMessage()) + " (see 'faultline "
          + commandPath(e.getCommandLine()) + "--help')");
      return USAGE;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parsed) -> fail(e, env, debug));
    // "@FILE" is a list of paths, expanded by Inputs.paths: picocli's own argument files put every line through
    // its positional-parameter handling, which copies its parse stack per argument (2 s for a kernel's 40k files).
    cli.setExpandAtFiles(false);
    try {
      return cli.execute(args);
    } catch (RuntimeException | Error e) {
      return fail(e, env, debug);
    }
  }

  private static String commandPath(CommandLine cl) {
    StringBuilder path = new StringBuilder();
    for (CommandLine c = cl; c != null && c.getParent() != null; c = c.getParent()) path.insert(0, c.getCommandName() + " ");
    return path.toString();
  }

  /** The one place errors become exit code 2; expected failures carry a user message, anything else is a bug. */
  private static int fail(Throwable e, Env env, boolean debug) {
    String message;
    if (e instanceof UsageException || e instanceof ReportException || e instanceof IllegalArgumentException
        || e instanceof faultline.scan.ScanException) {
      message = e.getMessage();
    } else if (e instanceof OutOfMemoryError) {
      message = "out of memory; give the JVM more heap (FAULTLINE_HEAP=-Xmx8g) or scan fewer files";
    } else if (e instanceof StackOverflowError) {
      message = "stack overflow; run the JVM with a larger stack (-Xss64m)";
    } else {
      message = "internal error: " + e + (debug ? "" : " (run with --debug for the stack trace)");
    }
    env.err().println("faultline: " + oneLine(message));
    if (debug) e.printStackTrace(env.err());
    return USAGE;
  }

  static String oneLine(String s) {
    String t = s == null ? "" : s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl).strip();
  }

  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) return "no such file or directory";
    if (e instanceof AccessDeniedException) return "permission denied";
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  @Override public void run() {
    // "faultline" alone: say what to type instead of scanning something unexpected.
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: scan, rules, functions or lsp");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override public String[] getVersion() {
      ToolInfo tool = ToolInfo.current();
      return new String[] {tool.name() + " " + tool.version()};
    }
  }
}
