package faultline.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The paths to scan and the root that outputs are relative to.
 *
 * <p>No PATH: the demo tree, {@code testdata/demo} under {@code $FAULTLINE_HOME} (set by the launcher) or, failing
 * that, under the first directory above the running jar or classes that has one. Root: {@code --root} when given;
 * else the working directory when every path is inside it (so editors can open the reported paths as they are);
 * else the deepest directory containing every path.
 */
final class Inputs {

  private Inputs() {}

  /**
   * The inputs as absolute paths. {@code @FILE} stands for the paths listed in FILE, one per line (blank lines and
   * lines starting with '#' are skipped; relative paths are relative to the working directory).
   */
  static List<Path> paths(List<Path> given, Env env) {
    if (given.isEmpty()) return List.of(demoDir(env));
    List<Path> listed = expandLists(given, env);
    Path[] out = new Path[listed.size()];
    String[] problem = new String[listed.size()];
    // On every core: a kernel's path list names 40,873 files, two system calls each, which was a tenth of a rescan
    // on one. The first problem in the order given is reported.
    java.util.stream.IntStream.range(0, out.length).parallel().forEach(i -> {
      Path abs = env.cwd().resolve(listed.get(i)).normalize();
      out[i] = abs;
      if (!Files.exists(abs)) problem[i] = "no such file or directory";
      else if (!Files.isReadable(abs)) problem[i] = "permission denied";
    });
    for (int i = 0; i < out.length; i++) {
      if (problem[i] != null) throw new UsageException("cannot read " + listed.get(i) + ": " + problem[i]);
    }
    return List.of(out);
  }

  private static List<Path> expandLists(List<Path> given, Env env) {
    List<Path> out = new ArrayList<>(given.size());
    for (Path p : given) {
      String s = p.toString();
      if (!s.startsWith("@") || s.length() < 2) {
        out.add(p);
        continue;
      }
      Path list = env.cwd().resolve(s.substring(1));
      List<String> lines;
      try {
        lines = Files.readAllLines(list, java.nio.charset.StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new UsageException("cannot read the path list " + s.substring(1) + ": " + Main.describe(e));
      }
      for (String line : lines) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) out.add(Path.of(t));
      }
    }
    return out;
  }

  static Path root(Optional<Path> given, List<Path> paths, Env env) {
    if (given.isPresent()) {
      Path root = env.cwd().resolve(given.get()).normalize();
      if (!Files.isDirectory(root)) throw new UsageException("--root " + given.get() + ": not a directory");
      return root;
    }
    if (paths.stream().allMatch(p -> p.startsWith(env.cwd()))) return env.cwd();
    Path common = null;
    for (Path p : paths) {
      Path dir = Files.isDirectory(p) ? p : p.getParent();
      if (common == null) {
        common = dir;
      } else {
        while (!dir.startsWith(common)) common = common.getParent();
      }
    }
    return common == null ? env.cwd() : common;
  }

  static Path demoDir(Env env) {
    Optional<Path> home = env.variable("FAULTLINE_HOME").map(Path::of);
    if (home.isPresent()) {
      Path demo = home.get().resolve("testdata/demo");
      if (Files.isDirectory(demo)) return demo.toAbsolutePath().normalize();
      throw new UsageException("no PATH given and " + demo + " does not exist; name what to scan: faultline scan DIR");
    }
    try {
      Path here = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path dir = here; dir != null; dir = dir.getParent()) {
        if (Files.isDirectory(dir.resolve("testdata/demo"))) return dir.resolve("testdata/demo");
      }
    } catch (java.net.URISyntaxException | RuntimeException e) {
      // No code source (embedded use): fall through to the message below.
    }
    throw new UsageException("no PATH given and no testdata/demo found (set FAULTLINE_HOME); name what to scan: faultline scan DIR");
  }
}
