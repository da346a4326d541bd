package faultline.cli;

import faultline.frontend.FrontendOptions;
import faultline.ir.Function;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Lists what the front-end recovers, one {@code path:line name} per definition: compare with ctags to spot misses. */
@Command(name = "functions", mixinStandardHelpOptions = true,
    description = "Print every function definition the front-end recovers, as 'path:line name'.")
final class FunctionsCommand implements Callable<Integer> {

  private final Env env;

  FunctionsCommand(Env env) {
    this.env = env;
  }

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files and directories (.c and .h files are read); @FILE: the paths listed in FILE, one per line.")
  List<Path> paths = new ArrayList<>();

  @Option(names = "--root", paramLabel = "DIR", description = "Print paths relative to DIR.")
  Path root;

  @Mixin FrontendArgs frontend = new FrontendArgs();

  @Override public Integer call() {
    List<Path> inputs = Inputs.paths(paths, env);
    Path base = Inputs.root(Optional.ofNullable(root), inputs, env);
    FrontendOptions options = frontend.toOptions(env.cwd());
    for (Path file : sourceFiles(inputs)) {
      String rel = base.relativize(file).toString().replace('\\', '/');
      List<Function> functions = new ArrayList<>(env.engine().functions(options, file, rel));
      functions.sort(Comparator.comparingInt((Function f) -> f.nameAt().line()).thenComparing(Function::name));
      for (Function f : functions) env.out().println(rel + ":" + f.nameAt().line() + " " + f.name());
    }
    env.out().flush();
    return Main.OK;
  }

  /** Files as given; directories walked for .c and .h, sorted, without following links. */
  static List<Path> sourceFiles(List<Path> inputs) {
    List<Path> out = new ArrayList<>();
    for (Path p : inputs) {
      if (!Files.isDirectory(p)) {
        out.add(p);
        continue;
      }
      try (Stream<Path> walk = Files.walk(p)) {
        walk.filter(Files::isRegularFile)
            .filter(f -> f.toString().endsWith(".c") || f.toString().endsWith(".h"))
            .sorted().forEach(out::add);
      } catch (IOException | java.io.UncheckedIOException e) {
        throw new UsageException("cannot read " + p + ": " + e.getMessage());
      }
    }
    return out;
  }
}
