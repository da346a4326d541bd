package faultline.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the CLI reads from or writes to the world, so tests can run {@link Main} in-process: the standard
 * streams, the environment, whether stderr is a terminal, the working directory and the analysis engine.
 */
public record Env(InputStream in, PrintStream out, PrintStream err, Map<String, String> environment, boolean terminal,
    Path cwd, Engine engine) {

  public static Env system(Engine engine) {
    // System.console() is non-null only when both ends are a terminal: then progress and colour are wanted.
    return new Env(System.in, System.out, System.err, System.getenv(), System.console() != null,
        Path.of("").toAbsolutePath(), engine);
  }

  public Optional<String> variable(String name) {
    String value = environment.get(name);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }
}
