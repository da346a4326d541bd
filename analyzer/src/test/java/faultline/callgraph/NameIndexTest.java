package faultline.callgraph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The index against the maps it replaced: the first static of a name per file, every global of a name in order. */
class NameIndexTest {

  @Test
  void findsWhatMapsOfTheDefinitionsFind() {
    Random random = new Random(7);
    for (int round = 0; round < 20; round++) {
      // Few names and files, so that names repeat within files, across files, and as static and global.
      int names = 1 + random.nextInt(60);
      int files = 1 + random.nextInt(12);
      List<CallGraph.Definition> defs = new ArrayList<>();
      int n = random.nextInt(3000);
      for (int i = 0; i < n; i++) {
        // New String objects each time, as definitions decoded from a snapshot have.
        defs.add(new CallGraph.Definition(new String("fn_" + random.nextInt(names)), random.nextInt(3) == 0,
            new String("drivers/f" + random.nextInt(files) + ".c")));
      }
      Map<String, Map<String, Integer>> statics = new HashMap<>();
      Map<String, List<Integer>> globals = new HashMap<>();
      for (int i = 0; i < defs.size(); i++) {
        CallGraph.Definition d = defs.get(i);
        if (d.isStatic()) statics.computeIfAbsent(d.file(), k -> new HashMap<>()).putIfAbsent(d.name(), i);
        else globals.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(i);
      }
      NameIndex index = new NameIndex(defs);
      int duplicates = 0;
      for (List<Integer> l : globals.values()) duplicates += l.size() - 1;
      assertEquals(duplicates, index.duplicates());
      for (int name = 0; name <= names; name++) {   // one name more than any definition has
        String fn = "fn_" + name;
        List<Integer> chain = new ArrayList<>();
        for (int i = index.firstGlobal(fn); i >= 0; i = index.nextGlobal(i)) chain.add(i);
        assertEquals(globals.getOrDefault(fn, List.of()), chain, fn);
        for (int file = 0; file <= files; file++) {
          String f = "drivers/f" + file + ".c";
          assertEquals(statics.getOrDefault(f, Map.of()).getOrDefault(fn, -1), index.staticIn(f, fn), f + " " + fn);
        }
      }
    }
  }
}
