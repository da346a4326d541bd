package faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Baselines through the real pipeline and rules: code moves, old findings stay hidden; a new bug fails the run. */
class BaselineEndToEndTest {

  @TempDir Path tree;

  private static final String DRIVER = """
      static int load_cfg(struct ctl *c, const void __user *arg)
      {
      	return copy_from_user(&c->cfg, arg, sizeof(c->cfg));
      }

      long ctl_ioctl(struct ctl *c, const void __user *arg)
      {
      	long ret;

      	mutex_lock(&c->lock);
      	ret = load_cfg(c, arg);
      	mutex_unlock(&c->lock);
      	return ret;
      }
      """;

  private static final String NEW_BUG = """

      long ctl_write(struct ctl *c, const void __user *arg)
      {
      	long ret;

      	mutex_lock(&c->lock);
      	ret = copy_from_user(&c->cfg, arg, sizeof(c->cfg));
      	mutex_unlock(&c->lock);
      	return ret;
      }
      """;

  record Run(int exit, String out, String err) {}

  private Run faultline(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Env env = new Env(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), false, tree, PipelineEngine.INSTANCE);
    int exit = Main.run(args, env);
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void movedCodeStaysBaselinedAndANewBugFails() throws IOException {
    Path src = Files.createDirectories(tree.resolve("drivers")).resolve("ctl.c");
    Files.writeString(src, DRIVER);
    Run first = faultline("scan", "-o", "old.sarif", "drivers");
    assertEquals(1, first.exit(), first.err());
    assertTrue(Files.readString(tree.resolve("old.sarif")).contains("\"ruleId\":\"mutex-held-across-fault\""));

    Files.writeString(src, "\n".repeat(10) + "/* SPDX-License-Identifier: GPL-2.0 */\n" + DRIVER);
    Run moved = faultline("scan", "--baseline", "old.sarif", "drivers");
    assertEquals(0, moved.exit(), moved.out() + moved.err());
    assertFalse(moved.out().contains("mutex-held-across-fault"), moved.out());
    assertTrue(moved.err().contains("0 findings (0 suppressed, 1 baselined)"), moved.err());

    Files.writeString(src, "\n".repeat(10) + "/* SPDX-License-Identifier: GPL-2.0 */\n" + DRIVER + NEW_BUG);
    Run grown = faultline("scan", "--baseline", "old.sarif", "drivers");
    assertEquals(1, grown.exit(), grown.out() + grown.err());
    assertTrue(grown.out().startsWith("drivers/ctl.c:32:8: warning: copy_from_user() may fault"), "only the new finding, in ctl_write(): " + grown.out());
    assertTrue(grown.err().contains("1 findings (0 suppressed, 1 baselined)"), grown.err());
    assertEquals(0, faultline("scan", "--baseline", "old.sarif", "--fail-on", "error", "drivers").exit(),
        "mutex-held-across-fault is a warning here, below --fail-on error");
  }
}
