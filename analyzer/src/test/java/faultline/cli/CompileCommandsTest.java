package faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import faultline.frontend.FrontendOptions.FileFlags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileCommandsTest {

  @TempDir Path tmp;

  @Test
  void shellWordsKeepQuotedSpacesAndExpandNothing() {
    assertEquals(List.of("gcc", "-DNAME=a b", "-I", "my dir", "$(rm -rf /)", "x\"y", "-DQ=\"v\""),
        CompileCommands.splitShellWords("gcc '-DNAME=a b' -I my\\ dir '$(rm -rf /)' \"x\\\"y\" -DQ=\\\"v\\\""));
  }

  @Test
  void readsIncludesAndDefinesRelativeToTheEntryDirectory() throws IOException {
    Path json = tmp.resolve("compile_commands.json");
    Files.writeString(json, """
        [
          {"directory": "%1$s/build", "file": "../drivers/a.c",
           "arguments": ["gcc", "-Iinclude", "-I", "/abs/inc", "-isystem", "sys", "-DMODULE", "-D", "HZ=100",
                         "-include", "config.h", "-c", "../drivers/a.c"]},
          {"directory": "%1$s", "file": "b.c", "command": "cc -I'inc dir' -DX=\\"1\\" -o b.o b.c"}
        ]
        """.formatted(tmp.toString().replace("\\", "\\\\")));
    Map<Path, FileFlags> db = CompileCommands.read(json);
    FileFlags a = db.get(tmp.resolve("drivers/a.c"));
    assertEquals(List.of(tmp.resolve("build/include"), Path.of("/abs/inc"), tmp.resolve("build/sys")), a.includeDirs());
    assertEquals(Map.of("MODULE", "1", "HZ", "100"), a.defines());
    FileFlags b = db.get(tmp.resolve("b.c"));
    assertEquals(List.of(tmp.resolve("inc dir")), b.includeDirs());
    assertEquals(Map.of("X", "1"), b.defines(), "the shell removes the quotes");
  }
}
