package faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchHintTest {

  @TempDir Path dir;

  @Test void reportOptionsDoNotMakeAnotherScan() {
    assertEquals(List.of("scan", "--cache", "c", "fs"),
        LaunchHint.scanArguments(List.of("scan", "--cache", "c", "-o", "a.sarif", "--stats", "--format", "sarif",
            "--fail-on=none", "fs")));
  }

  /** The launcher computes the same name with printf and sha256sum: the two must agree byte for byte. */
  @Test void theHintIsNamedAsTheLauncherComputesIt() throws Exception {
    List<String> args = List.of("scan", "--cache", "c", "-o", "x.sarif", "drivers/net", "dir with space", "ünï");
    LaunchHint.leave(dir, Path.of("/some/where"), args);
    List<String> command = new ArrayList<>(List.of("bash", "-c",
        "printf '%s\\0' \"$@\" | sha256sum | cut -c1-64", "bash", "/some/where"));
    command.addAll(LaunchHint.scanArguments(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String expected = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.waitFor());
    assertTrue(Files.exists(dir.resolve("launch").resolve(expected)), "no hint " + expected + " in "
        + List.of(dir.resolve("launch").toFile().list()));
  }
}
