package faultline.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class IrStringsTest {

  /** A String equal to {@code s} but not the same instance. */
  private static String copy(String s) {
    return new String(s.toCharArray());
  }

  @Test void equalShortStringsShareOneInstanceAndLongOnesAreLeftAlone() {
    IrStrings.SharedTable table = new IrStrings.SharedTable();
    String first = copy("struct device *");
    assertSame(first, table.canonical(first));
    assertSame(first, table.canonical(copy("struct device *")));
    assertNotSame(first, table.canonical(copy("struct device")));
    assertEquals(2, table.size());

    String longText = "x".repeat(IrStrings.SHARED_MAX_LENGTH + 1);
    assertSame(longText, IrStrings.shared(longText));
    String shortText = copy("dev->lock");
    assertSame(IrStrings.shared(shortText), IrStrings.shared(copy("dev->lock")));
  }

  @Test void everyStringIsFoundAgainAfterTheTableGrew() {
    IrStrings.SharedTable table = new IrStrings.SharedTable();
    List<String> firsts = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) firsts.add(table.canonical(copy("id" + i)));
    assertEquals(200_000, table.size());
    for (int i = 0; i < 200_000; i++) assertSame(firsts.get(i), table.canonical(copy("id" + i)), "id" + i);
    assertEquals(200_000, table.size());
  }

  @Test void threadsSharingTheSameTextsGetTheSameInstances() throws Exception {
    IrStrings.SharedTable table = new IrStrings.SharedTable();
    int texts = 50_000;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String[]>> seen = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t * 977; // each thread meets the texts in another order, so inserts race on every stripe
        seen.add(pool.submit(() -> {
          String[] got = new String[texts];
          for (int k = 0; k < texts; k++) {
            int i = (k + offset) % texts;
            got[i] = table.canonical(copy("name_" + i));
          }
          return got;
        }));
      }
      String[] reference = seen.get(0).get();
      for (Future<String[]> f : seen) {
        String[] got = f.get();
        for (int i = 0; i < texts; i++) assertSame(reference[i], got[i], "name_" + i);
      }
      assertEquals(texts, table.size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test void aNewScanDoesNotKeepTheStringsOfTheLastOne() {
    String before = IrStrings.shared(copy("kept_by_an_earlier_scan"));
    IrStrings.startScan();
    String after = copy("kept_by_an_earlier_scan");
    assertSame(after, IrStrings.shared(after));
    assertNotSame(before, after);
  }
}
