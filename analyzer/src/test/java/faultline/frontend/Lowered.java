package faultline.frontend;

import faultline.cfg.CfgText;
import faultline.ir.Function;
import faultline.ir.TranslationUnit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: lowers C text through the real front-end (fuzzy mode) and renders what came out. */
final class Lowered {

  private static final CFrontend FRONTEND = new CFrontend(FrontendOptions.fuzzy());

  private Lowered() {}

  static TranslationUnit unit(String c) {
    return unit(c.getBytes(StandardCharsets.UTF_8));
  }

  static TranslationUnit unit(byte[] bytes) {
    try {
      Path dir = Files.createTempDirectory("faultline-fe");
      Path file = dir.resolve("t.c");
      Files.write(file, bytes);
      try {
        return FRONTEND.parse(file, "t.c");
      } finally {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Function function(TranslationUnit unit, String name) {
    return unit.functions().stream().filter(f -> f.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no function " + name + " in " + unit.functions().stream().map(Function::name).toList()
            + " issues " + unit.issues()));
  }

  /** The reachable CFG of the only (or named) function in canonical order; see {@link CfgText#reachableShape}. */
  static String shape(String c, String function) {
    return CfgText.reachableShape(function(unit(c), function).cfg());
  }

  public static void main(String[] args) throws IOException {
    String c = Files.readString(Path.of(args[0]));
    TranslationUnit u = unit(c);
    System.out.println("issues: " + u.issues());
    System.out.println("bindings: " + u.bindings());
    for (Function f : u.functions()) {
      System.out.println("== " + f.name() + " static=" + f.isStatic() + " at=" + f.at() + " nameAt=" + f.nameAt()
          + " ret=" + f.returnType() + " params=" + f.params() + " locals=" + f.locals() + " ann=" + f.annotations());
      System.out.print(CfgText.reachableShape(f.cfg()));
    }
  }
}
