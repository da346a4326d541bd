package faultline.frontend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.cache.IrCodec;
import faultline.ir.TranslationUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PreludeSelectionTest {

  private static Map<String, String> prelude() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("spin_lock(l)", "_raw_spin_lock(l)");
    m.put("_raw_spin_lock(l)", "__faultline_acquire(l)");
    m.put("__faultline_acquire(l)", "((void)(l))");
    m.put("mutex_lock(m)", "__faultline_acquire(m)");
    m.put("DEFINE_GUARD(n)", "extern int guard_##n");
    m.put("guard(n)", "DEFINE_GUARD(n)");
    m.put("__must_hold(x)", "");
    m.put("size_t", "unsigned long");
    return m;
  }

  private static final PreludeSelection SELECTION = new PreludeSelection(prelude(), List.of("((size_t) &((T *)0)->m)"));

  @Test void aFileGetsTheMacrosItNamesAndTheirExpansionsReachPlusTheBuiltinsOnes() {
    Map<String, String> got = SELECTION.select("void f(spinlock_t *x) { spin_lock(x); }".toCharArray());
    assertEquals(List.of("__faultline_acquire(l)", "_raw_spin_lock(l)", "size_t", "spin_lock(l)"),
        got.keySet().stream().sorted().toList());
    assertEquals("_raw_spin_lock(l)", got.get("spin_lock(l)"));
  }

  @Test void namesInCommentsCountAndNumbersDoNotHide() {
    Map<String, String> got = SELECTION.select("/* mutex_lock */ int a = 0x1f;".toCharArray());
    assertTrue(got.containsKey("mutex_lock(m)"));
    assertFalse(got.containsKey("spin_lock(l)"));
  }

  @Test void aNameSplitByABackslashNewlineIsFound() {
    assertTrue(SELECTION.select("void f(void) { spin_\\\nlock(&l); }".toCharArray()).containsKey("spin_lock(l)"));
    assertTrue(SELECTION.select("void f(void) { spin_\\\r\nlock(&l); }".toCharArray()).containsKey("spin_lock(l)"));
  }

  @Test void pastingAnywhereGivesEveryMacro() {
    assertEquals(SELECTION.size(), SELECTION.select("#define CAT(a, b) a ## b\nCAT(spin_, lock)(x);".toCharArray()).size());
    // guard() expands to DEFINE_GUARD, which pastes: the name it forms is written nowhere.
    assertEquals(SELECTION.size(), SELECTION.select("void f(void) { guard(mutex)(&m); }".toCharArray()).size());
    assertEquals(SELECTION.size(), SELECTION.select("int \\u00e9t\\u00e9;".toCharArray()).size());
    assertEquals(SELECTION.size(), SELECTION.select("int a ??/\n;".toCharArray()).size());
  }

  @Test void configSymbolsAreDefinedAsOneUnlessThePreludeDefinesThem() {
    char[] text = "#ifdef CONFIG_SMP\nsize_t n;\n#endif".toCharArray();
    Map<String, String> got = SELECTION.select(text, List.of("CONFIG_SMP", "size_t"), true);
    assertEquals("1", got.get("CONFIG_SMP"));
    assertEquals("unsigned long", got.get("size_t"));
    assertEquals(2, got.size());
    // Without the selection: the whole prelude, and the symbols all the same.
    Map<String, String> whole = SELECTION.select(text, List.of("CONFIG_SMP", "size_t"), false);
    assertEquals(SELECTION.size() + 1, whole.size());
    assertEquals("1", whole.get("CONFIG_SMP"));
  }

  @Test void theSelectionIsANewMapTheCallerMayExtend() {
    Map<String, String> got = SELECTION.select("int a;".toCharArray());
    got.put("CONFIG_X", "1");
    assertFalse(SELECTION.select("int a;".toCharArray()).containsKey("CONFIG_X"));
  }

  /**
   * The selection must not change what a file lowers to: every fixture of the corpus, the seeds and the demo, with
   * the kernel prelude selected and whole, encode to the same bytes.
   */
  @Test void everyFixtureLowersAlikeWithTheSelectionAndWithTheWholePrelude() throws Exception {
    Path testdata = Path.of(System.getProperty("testdata.dir", "../testdata"));
    if (!Files.isDirectory(testdata)) testdata = Path.of("testdata");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(testdata)) {
      files = walk.filter(p -> p.toString().endsWith(".c")).sorted().toList();
    }
    assertTrue(files.size() > 100, "found " + files.size() + " fixtures under " + testdata.toAbsolutePath());
    CFrontend selected = new CFrontend(FrontendOptions.fuzzy(), true, true);
    CFrontend whole = new CFrontend(FrontendOptions.fuzzy(), true, false);
    int smaller = 0;
    for (Path f : files) {
      TranslationUnit a = selected.parse(f, f.toString());
      TranslationUnit b = whole.parse(f, f.toString());
      assertArrayEquals(IrCodec.encode(b), IrCodec.encode(a), f.toString());
      char[] text = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.UTF_8).toCharArray();
      if (new PreludeSelection(KernelPrelude.get().macros(), List.of()).select(text).size()
          < KernelPrelude.get().macros().size()) {
        smaller++;
      }
    }
    // Not a vacuous comparison: most fixtures get fewer macros.
    assertTrue(smaller > files.size() / 2, smaller + " of " + files.size() + " fixtures had a smaller selection");
  }
}
