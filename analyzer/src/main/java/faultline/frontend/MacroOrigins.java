package faultline.frontend;

import java.util.Optional;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTMacroExpansionLocation;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTNodeLocation;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorMacroExpansion;

/**
 * Decides through which macro a call was written. A call whose first token comes from a macro expansion was
 * written through that (outermost) macro unless its callee name is spelled in the macro's arguments: for
 * {@code #define LOCK(d) mutex_lock(&(d)->lock)}, {@code LOCK(dev)} gives mutex_lock via LOCK, while in
 * {@code WARN_ON(mutex_trylock(&l))} the call is written directly.
 */
final class MacroOrigins {

  private final SourceText src;
  private final IrPool pool;

  MacroOrigins(SourceText src, IrPool pool) {
    this.src = src;
    this.pool = pool;
  }

  Optional<String> viaMacro(IASTNode call, String calleeName) {
    // Fast path for the usual call written as "name(...)": when the call's text in the file starts with the
    // callee's name, either the call was written directly or the macro it starts with has the callee's name;
    // both mean "no macro". Computing the node's location list costs more than the whole rest of this.
    IASTFileLocation callAt = call.getFileLocation();
    if (callAt != null && !calleeName.isEmpty() && startsWithToken(callAt.getNodeOffset(), calleeName)) {
      return Optional.empty();
    }
    IASTNodeLocation[] locations = call.getNodeLocations();
    if (locations.length == 0 || !(locations[0] instanceof IASTMacroExpansionLocation m)) return Optional.empty();
    IASTPreprocessorMacroExpansion expansion = m.getExpansion();
    String macro = expansion.getMacroReference().toString();
    if (macro.equals(calleeName) || macro.startsWith("__faultline")) return Optional.empty();
    IASTFileLocation loc = expansion.getFileLocation();
    if (loc != null && !calleeName.isEmpty()) {
      String written = src.raw(loc.getNodeOffset(), loc.getNodeLength());
      int open = written.indexOf('(');
      if (open >= 0 && containsToken(written, open + 1, calleeName)) return Optional.empty();
    }
    return pool.opt(macro);
  }

  /** Whether the file text at {@code offset} is the identifier {@code word} (not a longer identifier). */
  private boolean startsWithToken(int offset, String word) {
    char[] text = src.chars();
    int end = offset + word.length();
    if (offset < 0 || end > text.length) return false;
    for (int i = 0; i < word.length(); i++) if (text[offset + i] != word.charAt(i)) return false;
    return end == text.length || !isIdent(text[end]);
  }

  static boolean containsToken(String text, int from, String word) {
    int i = text.indexOf(word, from);
    while (i >= 0) {
      boolean before = i == 0 || !isIdent(text.charAt(i - 1));
      int end = i + word.length();
      boolean after = end >= text.length() || !isIdent(text.charAt(end));
      if (before && after) return true;
      i = text.indexOf(word, i + 1);
    }
    return false;
  }

  private static boolean isIdent(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
