package faultline.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Tells the {@code faultline} launcher that the same command, run again in the same directory, will most likely
 * continue an analysis snapshot (an incremental scan of a few changed files) rather than analyse a whole tree:
 * such a run lasts seconds, and the JVM is then faster with the C1 compiler alone, while a whole-kernel analysis
 * needs C2. The hint is an empty file {@code CACHE/launch/<sha256 of the directory and the arguments, each
 * followed by a NUL byte>}, which the launcher can compute with printf and sha256sum. Arguments that only shape
 * the report ({@link #REPORT_OPTIONS}, {@link #REPORT_FLAGS}) are left out: writing the same scan to another
 * file is the same scan. A wrong hint costs speed, never results.
 */
final class LaunchHint {

  /** Options with a value that only shape the report; the launcher skips the same ones. */
  static final List<String> REPORT_OPTIONS = List.of("-o", "--output", "--format", "--fail-on", "--baseline");
  static final List<String> REPORT_FLAGS = List.of("--stats", "--no-color", "--debug");

  private LaunchHint() {}

  /** The arguments the hint is keyed by. */
  static List<String> scanArguments(List<String> args) {
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (REPORT_OPTIONS.contains(a)) {
        i++;
        continue;
      }
      if (REPORT_FLAGS.contains(a) || REPORT_OPTIONS.stream().anyMatch(o -> a.startsWith(o + "="))) continue;
      out.add(a);
    }
    return out;
  }

  static void leave(Path cacheDir, Path cwd, List<String> args) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((cwd.toString() + "\0").getBytes(StandardCharsets.UTF_8));
      for (String a : scanArguments(args)) sha.update((a + "\0").getBytes(StandardCharsets.UTF_8));
      Path hint = cacheDir.resolve("launch").resolve(HexFormat.of().formatHex(sha.digest()));
      if (Files.exists(hint)) return;
      Files.createDirectories(hint.getParent());
      Files.createFile(hint);
    } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
      // Only a hint: without it the next run picks its compiler by the size of its input.
    }
  }
}
