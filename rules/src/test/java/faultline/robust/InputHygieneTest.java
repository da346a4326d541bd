package faultline.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What faultline takes from its input and what it gives away, through the real CLI in a child JVM: reports name
 * files relative to the root (no absolute path of the scanning machine, whatever symlinks and ".." lead outside
 * it, unless --absolute-paths); compile databases are read, never run; bad configuration is one line on stderr,
 * exit 2, and no report or temporary file; rule jars load only when named with --plugin.
 */
class InputHygieneTest {

  @TempDir Path dir;

  private static final String LOCKED = """
      void f(struct mutex *m, void __user *p, void *b)
      {
      \tmutex_lock(m);
      \tcopy_from_user(b, p, 4);
      \tmutex_unlock(m);
      }
      """;

  @Test
  void symlinksAndDotDotOutOfTheRootNeverPutAbsolutePathsInTheReport() throws IOException {
    Path outside = Files.createDirectories(dir.resolve("elsewhere/vendor"));
    Files.writeString(outside.resolve("drop.c"), LOCKED);
    Path tree = Files.createDirectories(dir.resolve("tree"));
    Files.writeString(tree.resolve("own.c"), LOCKED);
    Files.createSymbolicLink(tree.resolve("vendor"), outside);
    Files.createSymbolicLink(tree.resolve("linked.c"), outside.resolve("drop.c"));

    Cli.Run run = Cli.run(tree, "scan", "-o", "r.sarif", "--fail-on", "none", "--root", ".", ".", "../elsewhere/vendor/drop.c");
    assertEquals(0, run.exitCode(), run.stderr());
    String sarif = Files.readString(tree.resolve("r.sarif"));
    assertFalse(sarif.contains(dir.toString()), "an absolute path of this machine is in the report");
    assertFalse(sarif.contains("file:/"), "a file: URI is in the report");
    for (String uri : List.of("\"own.c\"", "\"linked.c\"", "\"vendor/drop.c\"", "\"../elsewhere/vendor/drop.c\"")) {
      // results are compact JSON, one per line: no space after the colon
      assertTrue(sarif.contains("\"uri\":" + uri), uri + " missing from the report");
    }

    Cli.Run absolute = Cli.run(tree, "scan", "-o", "a.sarif", "--fail-on", "none", "--absolute-paths", "--root", ".",
        ".", "../elsewhere/vendor/drop.c");
    assertEquals(0, absolute.exitCode(), absolute.stderr());
    assertTrue(Files.readString(tree.resolve("a.sarif")).contains(dir.toRealPath().toString())
        || Files.readString(tree.resolve("a.sarif")).contains(dir.toString()), "--absolute-paths has no effect");
  }

  @Test
  void compileCommandsAreReadNeverExecuted() throws IOException {
    Path tree = Files.createDirectories(dir.resolve("tree"));
    Files.writeString(tree.resolve("a.c"), LOCKED);
    Path marker = dir.resolve("executed");
    String payload = "touch " + marker;
    Files.writeString(tree.resolve("compile_commands.json"), """
        [
          {"directory": "%1$s", "file": "a.c", "command": "sh -c '%2$s' && gcc -c a.c"},
          {"directory": "%1$s", "file": "a.c", "arguments": ["sh", "-c", "%2$s"]},
          {"directory": "$(%2$s)", "file": "`%2$s`.c", "command": "gcc -I$(%2$s) -c a.c"}
        ]
        """.formatted(tree, payload));
    Cli.Run run = Cli.run(tree, "scan", "--compile-commands", "compile_commands.json", "--fail-on", "none", ".");
    assertFalse(Files.exists(marker), "a compile command was executed");
    assertTrue(run.exitCode() == 0 || run.exitCode() == 2, run.stderr());
  }

  @Test
  void badConfigurationIsOneLineExitTwoAndNothingWritten() throws IOException {
    Path tree = Files.createDirectories(dir.resolve("tree"));
    Files.writeString(tree.resolve("a.c"), LOCKED);
    Files.writeString(tree.resolve("broken.json"), "[{\"directory\": \"/x\", \"file\": ");
    Files.writeString(tree.resolve("notarray.json"), "{\"file\": \"a.c\"}");
    Files.createDirectories(tree.resolve("out.sarif"));
    List<List<String>> cases = List.of(
        List.of("scan", "--compile-commands", "broken.json", "-o", "r.sarif", "."),
        List.of("scan", "--compile-commands", "notarray.json", "-o", "r.sarif", "."),
        List.of("scan", "--compile-commands", "missing.json", "-o", "r.sarif", "."),
        List.of("scan", "-I", "no/such/include", "-o", "r.sarif", "."),
        List.of("scan", "-o", "out.sarif", "."),
        List.of("scan", "-o", "no/such/dir/r.sarif", "."),
        List.of("scan", "-o", "r.sarif", "no-such-file.c"),
        List.of("scan", "--plugin", "no-such.jar", "-o", "r.sarif", "."));
    for (List<String> args : cases) {
      Cli.Run run = Cli.run(tree, List.of(), args);
      assertEquals(2, run.exitCode(), args + ": " + run.stderr());
      String err = withoutJvmNoise(run.stderr());
      assertEquals(1, err.lines().count(), args + " must fail with one line, got: " + err);
      assertTrue(err.startsWith("faultline: "), err);
      assertFalse(Files.exists(tree.resolve("r.sarif")), args + " wrote a report");
      try (Stream<Path> s = Files.walk(tree)) {
        assertEquals(List.of(), s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(), args.toString());
      }
      try (Stream<Path> s = Files.list(tree.resolve("out.sarif"))) {
        assertEquals(0, s.count(), "something was written into the directory given as -o");
      }
    }
  }

  @Test
  void ruleJarsLoadOnlyWhenNamedWithPlugin() throws IOException {
    // A jar whose service file names a class that does not exist: loading it at all would fail the scan.
    Path tree = Files.createDirectories(dir.resolve("tree"));
    Files.writeString(tree.resolve("a.c"), LOCKED);
    for (Path jar : List.of(tree.resolve("evil.jar"), dir.resolve("evil.jar"), tree.resolve("plugins/evil.jar"))) {
      Files.createDirectories(jar.getParent());
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
        out.putNextEntry(new JarEntry("META-INF/services/faultline.rule.Rule"));
        out.write("evil.DoesNotExistRule\n".getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    Cli.Run clean = Cli.run(tree, "scan", "--fail-on", "none", ".");
    assertEquals(0, clean.exitCode(), clean.stderr());

    Cli.Run named = Cli.run(tree, "scan", "--fail-on", "none", "--plugin", "evil.jar", ".");
    assertEquals(2, named.exitCode(), "the named jar was not loaded: " + named.stderr());
    assertEquals(1, withoutJvmNoise(named.stderr()).lines().count(), named.stderr());
  }

  /** CDT's SLF4J start-up warning is not ours; everything else on stderr is. */
  private static String withoutJvmNoise(String stderr) {
    return stderr.lines().filter(l -> !l.startsWith("SLF4J:")).reduce("", (a, b) -> a.isEmpty() ? b : a + "\n" + b);
  }
}
