package faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The launcher's JIT directives (analyzer/launcher/jit-directives.json) for large scans. */
class JitDirectivesTest {

  private static final Path DIRECTIVES = Path.of("launcher", "jit-directives.json");

  /** A file HotSpot rejects stops the JVM before it starts: every large scan would fail. */
  @Test void theJvmAcceptsTheFile() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-XX:+UnlockDiagnosticVMOptions", "-XX:-DisplayVMOutput",
        "-XX:CompilerDirectivesFile=" + DIRECTIVES.toAbsolutePath(), "-version").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
  }

  /**
   * The methods kept for C2 are named one by one; a rename would silently leave them to C1 (about half as fast on
   * their character loops). Each named method must exist.
   */
  @Test void everyNamedMethodExists() throws Exception {
    String text = Files.readString(DIRECTIVES);
    Matcher m = Pattern.compile("\"(faultline/[\\w/$]+)\\.(\\w+|\\*)\"").matcher(text);
    List<String> checked = new ArrayList<>();
    while (m.find()) {
      Class<?> cls = Class.forName(m.group(1).replace('/', '.'));
      String method = m.group(2);
      if (!method.equals("*")) {
        assertTrue(Arrays.stream(cls.getDeclaredMethods()).map(Method::getName).anyMatch(method::equals),
            cls.getName() + " has no method " + method);
      }
      checked.add(m.group());
    }
    assertFalse(checked.isEmpty(), "no method named in " + DIRECTIVES);
    assertTrue(text.contains("\"faultline*.*\""), "the rest of faultline is no longer left to C1");
    assertTrue(text.contains("\"-faultline*.*\""), "C2 would compile faultline code inlined into JDK methods");
  }
}
