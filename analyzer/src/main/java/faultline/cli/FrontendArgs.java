package faultline.cli;

import faultline.frontend.FrontendOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** How to read C, shared by {@code scan} and {@code functions}: include paths, defines, the compile database, limits. */
final class FrontendArgs {

  @Option(names = "-I", paramLabel = "DIR", description = "Read headers from DIR (repeatable); turns on precise mode.")
  List<Path> includeDirs = new ArrayList<>();

  @Option(names = "-D", paramLabel = "NAME[=VAL]", description = "Define a macro (repeatable); VAL defaults to 1.")
  List<String> defines = new ArrayList<>();

  @Option(names = "--compile-commands", paramLabel = "FILE",
      description = "compile_commands.json to take per-file -I and -D from (read, never executed).")
  Path compileCommands;

  @Option(names = "--time-limit", paramLabel = "SECONDS", defaultValue = "30",
      description = "Give up on a file after this many seconds (default: ${DEFAULT-VALUE}).")
  long timeLimitSeconds;

  @Option(names = "--max-file-size", paramLabel = "BYTES", defaultValue = "8M",
      description = "Skip files larger than this; K, M and G suffixes allowed (default: ${DEFAULT-VALUE}).")
  String maxFileSize;

  @Option(names = "--debug", description = "Show stack traces of internal errors.")
  boolean debug;

  FrontendOptions toOptions(Path cwd) {
    if (timeLimitSeconds <= 0) throw new UsageException("--time-limit must be a positive number of seconds");
    List<Path> includes = new ArrayList<>();
    for (Path dir : includeDirs) {
      Path abs = cwd.resolve(dir).normalize();
      if (!Files.isDirectory(abs)) throw new UsageException("-I " + dir + ": not a directory");
      includes.add(abs);
    }
    Map<String, String> macros = new LinkedHashMap<>();
    for (String d : defines) {
      int eq = d.indexOf('=');
      String name = eq < 0 ? d : d.substring(0, eq);
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new UsageException("-D " + d + ": not a macro name");
      macros.put(name, eq < 0 ? "1" : d.substring(eq + 1));
    }
    Map<Path, FrontendOptions.FileFlags> database = compileCommands == null
        ? Map.of() : CompileCommands.read(cwd.resolve(compileCommands));
    return new FrontendOptions(List.copyOf(includes), Map.copyOf(macros), Map.copyOf(database),
        Duration.ofSeconds(timeLimitSeconds), parseBytes(maxFileSize));
  }

  static long parseBytes(String text) {
    String t = text.strip().toUpperCase(Locale.ROOT);
    long unit = 1;
    if (t.endsWith("K")) unit = 1L << 10;
    else if (t.endsWith("M")) unit = 1L << 20;
    else if (t.endsWith("G")) unit = 1L << 30;
    if (unit != 1) t = t.substring(0, t.length() - 1);
    try {
      long n = Long.parseLong(t);
      if (n <= 0) throw new NumberFormatException();
      return Math.multiplyExact(n, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new UsageException("--max-file-size " + text + ": expected a positive size such as 8M");
    }
  }
}
