package faultline.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.internal.core.dom.parser.c.CASTBinaryExpression;
import org.junit.jupiter.api.Test;

class AstKindTest {

  /** CDT's C node classes, and the node classes its parsers share. */
  private static final List<String> PACKAGES =
      List.of("org/eclipse/cdt/internal/core/dom/parser/c/", "org/eclipse/cdt/internal/core/dom/parser/");

  /** Every concrete node class of CDT's C parser, read from its jar. */
  private static List<Class<?>> cNodeClasses() throws IOException, URISyntaxException, ClassNotFoundException {
    Path jar = Path.of(CASTBinaryExpression.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> out = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
        String name = e.nextElement().getName();
        String dir = name.substring(0, name.lastIndexOf('/') + 1);
        if (!PACKAGES.contains(dir) || !name.endsWith(".class")) continue;
        Class<?> c = Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false,
            AstKindTest.class.getClassLoader());
        boolean concrete = !c.isInterface() && !Modifier.isAbstract(c.getModifiers());
        if (concrete && IASTNode.class.isAssignableFrom(c)) out.add(c);
      }
    }
    return out;
  }

  @Test void everyCNodeClassHasAtMostOneKindSoTheirOrderNeverDecides() throws Exception {
    List<Class<?>> classes = cNodeClasses();
    assertTrue(classes.size() > 60, "found only " + classes.size() + " node classes in " + PACKAGES);
    int withKind = 0;
    for (Class<?> c : classes) {
      List<AstKind> matching = new ArrayList<>();
      for (AstKind k : AstKind.values()) if (k.type != null && k.type.isAssignableFrom(c)) matching.add(k);
      assertTrue(matching.size() <= 1, c.getName() + " implements the interfaces of " + matching);
      assertEquals(matching.isEmpty() ? AstKind.OTHER : matching.get(0), AstKind.kindOf(c), c.getName());
      if (!matching.isEmpty()) withKind++;
    }
    // Each kind but OTHER names an interface that some C node class implements.
    assertTrue(withKind >= AstKind.values().length - 1, withKind + " classes with a kind");
  }

  @Test void theTableGivesEveryClassItsKindAfterGrowing() throws Exception {
    List<Class<?>> classes = new ArrayList<>(cNodeClasses());
    // More classes than the first table has room for, so that it grows while they are learnt: array classes,
    // which are no nodes (OTHER).
    Class<?> array = Object.class;
    for (int i = 0; i < 200; i++) classes.add(array = java.lang.reflect.Array.newInstance(array, 0).getClass());
    for (Class<?> c : classes) assertEquals(AstKind.kindOf(c), AstKind.ofClass(c), c.getName());
    for (Class<?> c : classes) assertEquals(AstKind.kindOf(c), AstKind.ofClass(c), c.getName() + ", asked again");
  }

  @Test void nodesOfAParsedFileGetTheKindOfTheirInterface() {
    assertEquals(AstKind.OTHER, AstKind.of(null));
    assertEquals(AstKind.BINARY, AstKind.of(new CASTBinaryExpression()));
  }
}
