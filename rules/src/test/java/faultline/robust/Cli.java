package faultline.robust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code faultline.cli.Main} as a real child JVM on the test class path, as users and CI steps run it. */
final class Cli {

  record Run(int exitCode, String stdout, String stderr) {}

  private Cli() {}

  static ProcessBuilder builder(Path workDir, List<String> jvmFlags, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xss8m");
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("faultline.cli.Main");
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    Map<String, String> env = pb.environment();
    env.put("SOURCE_DATE_EPOCH", "1714557600");
    env.put("NO_COLOR", "1");
    return pb;
  }

  static Run run(Path workDir, String... args) {
    return run(workDir, List.of(), List.of(args));
  }

  static Run run(Path workDir, List<String> jvmFlags, List<String> args) {
    try {
      Path out = Files.createTempFile("faultline-cli", ".out");
      Path err = Files.createTempFile("faultline-cli", ".err");
      try {
        Process p = builder(workDir, jvmFlags, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
          p.destroyForcibly().waitFor();
          throw new AssertionError("faultline " + args + " did not finish in 5 minutes");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
