package faultline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.ir.Span;
import faultline.rule.Finding;
import faultline.rule.Step;
import faultline.rule.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintsTest {

  @TempDir Path root;

  private static final String SOURCE = """
      long ctl_ioctl(struct ctl *c, const void __user *arg)
      {
      	long ret;

      	mutex_lock(&c->lock);
      	ret = load_cfg(c, arg);
      	mutex_unlock(&c->lock);
      	return ret;
      }
      """;

  private static Finding at(int line, String lockClass, String rule) {
    Span span = new Span("drivers/ctl.c", line, 8, line, 24);
    return new Finding(rule, faultline.rule.Severity.ERROR, "load_cfg() may fault while mutex 'c->lock' is held",
        span, "ctl_ioctl", List.of(lockClass),
        List.of(new Trace("", List.of(new Step(faultline.rule.StepKind.CALL, span, "load_cfg()", 0)))),
        "fix it", Optional.empty());
  }

  private String fingerprint(String source, Finding f) throws IOException {
    Files.createDirectories(root.resolve("drivers"));
    Files.writeString(root.resolve("drivers/ctl.c"), source);
    return Fingerprints.compute(root, List.of(f)).of(f);
  }

  /** The lines a fingerprint hashes are those of the whole file decoded and split, whatever the bytes. */
  @Test
  void linesReadInOnePassAreThoseOfTheSplitFile() {
    java.util.Random random = new java.util.Random(7);
    byte[] alphabet = {'a', ' ', '\n', '\r', (byte) 0xc3, (byte) 0xa9, (byte) 0xe2, (byte) 0xff, ';'};
    for (int round = 0; round < 2_000; round++) {
      byte[] bytes = new byte[random.nextInt(60)];
      for (int i = 0; i < bytes.length; i++) bytes[i] = alphabet[random.nextInt(alphabet.length)];
      String[] split = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).split("\r?\n", -1);
      java.util.TreeSet<Integer> wanted = new java.util.TreeSet<>();
      for (int k = 0; k < 3; k++) wanted.add(1 + random.nextInt(split.length + 2));
      java.util.Map<Integer, String> got = faultline.scan.FindingLines.lines(bytes, wanted);
      for (int n : wanted) {
        String expected = n <= split.length ? split[n - 1] : null;
        assertEquals(expected, got.get(n), "round " + round + ", line " + n + " of " + java.util.Arrays.toString(bytes));
      }
    }
  }

  @Test
  void unchangedWhenLinesAndACommentAreAddedAbove() throws IOException {
    String before = fingerprint(SOURCE, at(6, "ctl.lock", "mutex-held-across-fault"));
    String shifted = "\n".repeat(10) + "/* Copyright notice added later. */\n" + SOURCE;
    String after = fingerprint(shifted, at(17, "ctl.lock", "mutex-held-across-fault"));
    assertEquals(before, after);
    assertTrue(before.matches("[0-9a-f]{32}:1"), before);
  }

  @Test
  void unchangedWhenTheLineIsReindentedOrCommented() throws IOException {
    String before = fingerprint(SOURCE, at(6, "ctl.lock", "mutex-held-across-fault"));
    String after = fingerprint(SOURCE.replace("\tret = load_cfg(c, arg);", "        ret = load_cfg( c, arg ); // hmm"),
        at(6, "ctl.lock", "mutex-held-across-fault"));
    assertEquals(before, after);
  }

  @Test
  void changesWhenTheFindingChanges() throws IOException {
    String base = fingerprint(SOURCE, at(6, "ctl.lock", "mutex-held-across-fault"));
    assertNotEquals(base, fingerprint(SOURCE, at(6, "ctl.other_lock", "mutex-held-across-fault")));
    assertNotEquals(base, fingerprint(SOURCE, at(6, "ctl.lock", "spinlock-held-across-sleep")));
    assertNotEquals(base, fingerprint(SOURCE.replace("load_cfg(c, arg)", "load_cfg(c, NULL)"),
        at(6, "ctl.lock", "mutex-held-across-fault")));
    // The finding moved to another statement (the unlock line): a different finding.
    assertNotEquals(base, fingerprint(SOURCE, at(7, "ctl.lock", "mutex-held-across-fault")));
  }

  @Test
  void repeatedStatementsAreNumberedInOrder() throws IOException {
    String twice = SOURCE.replace("\tret = load_cfg(c, arg);\n", "\tret = load_cfg(c, arg);\n\tret = load_cfg(c, arg);\n");
    Files.createDirectories(root.resolve("drivers"));
    Files.writeString(root.resolve("drivers/ctl.c"), twice);
    Finding first = at(6, "ctl.lock", "r");
    Finding second = at(7, "ctl.lock", "r");
    Fingerprints fps = Fingerprints.compute(root, List.of(first, second));
    String a = fps.of(first);
    String b = fps.of(second);
    assertEquals(a.substring(0, 32), b.substring(0, 32));
    assertTrue(a.endsWith(":1") && b.endsWith(":2"), a + " " + b);
  }

  @Test
  void normaliseDropsCommentsAndWhitespaceButKeepsLiterals() {
    assertEquals("pr_err(\"a // b /* c */\");", Fingerprints.normalise("\tpr_err(\"a // b /* c */\"); /* note */ // x"));
    assertEquals("x=1;", Fingerprints.normalise("x = /* why */ 1;"));
    assertEquals("c='\\'';", Fingerprints.normalise("c = '\\'';"));
  }

  @Test
  void aMissingFileStillGetsAStableFingerprint() {
    Finding f = at(3, "ctl.lock", "r");
    assertEquals(Fingerprints.compute(root, List.of(f)).of(f), Fingerprints.compute(root, List.of(f)).of(f));
  }
}
