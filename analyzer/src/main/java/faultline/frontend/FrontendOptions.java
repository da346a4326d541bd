package faultline.frontend;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to read C. With no include directories, no defines and no compile database the front-end runs in fuzzy
 * mode: no headers, the built-in kernel prelude. Otherwise (precise mode) headers are read from
 * {@code includeDirs} (and per-file flags from the compile database), each header parsed once per scan.
 *
 * @param compileCommands file (absolute, normalised) to its own include dirs and defines, from compile_commands.json
 */
public record FrontendOptions(List<Path> includeDirs, Map<String, String> defines,
    Map<Path, FileFlags> compileCommands, Duration perFileTimeLimit, long maxFileBytes) {

  public record FileFlags(List<Path> includeDirs, Map<String, String> defines) {}

  public static FrontendOptions fuzzy() {
    return new FrontendOptions(List.of(), Map.of(), Map.of(), Duration.ofSeconds(30), 8L << 20);
  }

  public boolean precise() {
    return !includeDirs.isEmpty() || !defines.isEmpty() || !compileCommands.isEmpty();
  }

  public Optional<FileFlags> flagsFor(Path file) {
    return Optional.ofNullable(compileCommands.get(file.toAbsolutePath().normalize()));
  }
}
