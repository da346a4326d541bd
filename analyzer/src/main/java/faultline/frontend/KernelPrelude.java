package faultline.frontend;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The built-in kernel prelude ({@code kernel-prelude.h} next to this class): macro definitions handed to the
 * preprocessor as predefined macros, so that kernel idioms parse without headers. Loaded once, immutable.
 */
final class KernelPrelude {

  static final String RESOURCE = "kernel-prelude.h";

  /** Sparse context annotations, recorded as {@code LockAnnotation}s from their macro expansions. */
  static final Set<String> LOCK_ANNOTATIONS = Set.of("__acquires", "__releases", "__must_hold", "__cond_acquires");

  private static final KernelPrelude INSTANCE = load();

  /** Keys as the CDT scanner wants them: "NAME" or "NAME(params)"; values the replacement text. */
  private final Map<String, String> macros;
  private final Set<String> names;
  private final Set<String> emptyNames;
  private final String version;

  private KernelPrelude(Map<String, String> macros, Set<String> names, Set<String> emptyNames, String version) {
    this.macros = macros;
    this.names = names;
    this.emptyNames = emptyNames;
    this.version = version;
  }

  static KernelPrelude get() {
    return INSTANCE;
  }

  Map<String, String> macros() {
    return macros;
  }

  /** Every macro name the prelude defines. */
  Set<String> names() {
    return names;
  }

  /** Object-like macros that expand to nothing (annotations): dropped from type texts. */
  Set<String> emptyNames() {
    return emptyNames;
  }

  /** SHA-256 (hex, first 16 chars) of the prelude text: part of any cache key of front-end output. */
  String version() {
    return version;
  }

  private static KernelPrelude load() {
    String text;
    try (InputStream in = KernelPrelude.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> macros = new LinkedHashMap<>();
    Set<String> names = new java.util.HashSet<>();
    Set<String> empty = new java.util.HashSet<>();
    for (String line : text.replace("\\\n", " ").split("\n")) {
      String t = line.strip();
      if (!t.startsWith("#define ")) continue;
      String rest = t.substring("#define ".length()).strip();
      int nameEnd = 0;
      while (nameEnd < rest.length() && (Character.isLetterOrDigit(rest.charAt(nameEnd)) || rest.charAt(nameEnd) == '_')) {
        nameEnd++;
      }
      String name = rest.substring(0, nameEnd);
      String key;
      String body;
      if (nameEnd < rest.length() && rest.charAt(nameEnd) == '(') {
        int close = rest.indexOf(')', nameEnd);
        key = rest.substring(0, close + 1);
        body = rest.substring(close + 1).strip();
      } else {
        key = name;
        body = rest.substring(nameEnd).strip();
        if (body.isEmpty()) empty.add(name);
      }
      macros.put(key, body);
      names.add(name);
    }
    String version;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      version = HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return new KernelPrelude(Collections.unmodifiableMap(macros), Set.copyOf(names), Set.copyOf(empty), version);
  }
}
