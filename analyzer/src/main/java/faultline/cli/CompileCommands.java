package faultline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import faultline.frontend.FrontendOptions.FileFlags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code compile_commands.json} (clang's JSON compilation database) for the include directories and
 * defines of each file. Entries are only read, never executed: {@code command} strings are split the way a POSIX
 * shell splits words, without expanding anything. Relative paths are relative to the entry's {@code directory}.
 *
 * <p>Known gap: {@code -include FILE} (forced includes) is recognised and skipped, since the front-end's per-file
 * flags have no place for it; {@code -U} is ignored too.
 */
final class CompileCommands {

  private CompileCommands() {}

  static Map<Path, FileFlags> read(Path json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readAllBytes(json));
    } catch (JsonProcessingException e) {
      throw new UsageException("compile commands " + json + " is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UsageException("cannot read compile commands " + json + ": " + Main.describe(e));
    }
    if (root == null || !root.isArray()) throw new UsageException("compile commands " + json + " is not a JSON array");
    Map<Path, FileFlags> out = new LinkedHashMap<>();
    Path base = json.toAbsolutePath().getParent();
    int index = 0;
    for (JsonNode entry : root) {
      String where = json + " entry " + index++;
      Path directory = base.resolve(text(entry, "directory", where));
      Path file = directory.resolve(text(entry, "file", where)).normalize();
      List<String> args;
      if (entry.path("arguments").isArray()) {
        args = new ArrayList<>();
        for (JsonNode a : entry.get("arguments")) args.add(a.asText());
      } else if (entry.path("command").isTextual()) {
        args = splitShellWords(entry.get("command").asText());
      } else {
        throw new UsageException(where + " has neither \"arguments\" nor \"command\"");
      }
      out.put(file, flags(args, directory));
    }
    return out;
  }

  private static String text(JsonNode entry, String field, String where) {
    JsonNode node = entry.path(field);
    if (!node.isTextual()) throw new UsageException(where + " has no \"" + field + "\"");
    return node.asText();
  }

  static FileFlags flags(List<String> args, Path directory) {
    List<Path> includes = new ArrayList<>();
    Map<String, String> defines = new LinkedHashMap<>();
    for (int i = 1; i < args.size(); i++) { // args[0] is the compiler
      String a = args.get(i);
      String value;
      if ((value = valueOf(a, "-I", args, i)) != null
          || (value = valueOf(a, "-isystem", args, i)) != null
          || (value = valueOf(a, "-iquote", args, i)) != null) {
        includes.add(directory.resolve(value).normalize());
        if (a.equals("-I") || a.equals("-isystem") || a.equals("-iquote")) i++;
      } else if ((value = valueOf(a, "-D", args, i)) != null) {
        int eq = value.indexOf('=');
        if (eq < 0) defines.put(value, "1");
        else defines.put(value.substring(0, eq), value.substring(eq + 1));
        if (a.equals("-D")) i++;
      } else if (a.equals("-include")) {
        i++; // forced include: see the class comment
      }
    }
    return new FileFlags(List.copyOf(includes), Map.copyOf(defines));
  }

  /** The value of {@code -Xvalue} or {@code -X value}; null when {@code arg} is not that flag. */
  private static String valueOf(String arg, String flag, List<String> args, int i) {
    if (arg.equals(flag)) return i + 1 < args.size() ? args.get(i + 1) : null;
    // Only one-letter flags take a glued value ("-Iinclude"); "-isystemfoo" is not a thing compilers accept.
    if (flag.length() == 2 && arg.startsWith(flag) && arg.length() > 2) return arg.substring(2);
    return null;
  }

  /** POSIX shell word splitting with quotes and backslashes; nothing is expanded or run. */
  static List<String> splitShellWords(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (c == '\'') {
        int end = command.indexOf('\'', i + 1);
        if (end < 0) end = command.length();
        word.append(command, i + 1, end);
        i = end;
        inWord = true;
      } else if (c == '"') {
        int j = i + 1;
        for (; j < command.length() && command.charAt(j) != '"'; j++) {
          char d = command.charAt(j);
          if (d == '\\' && j + 1 < command.length() && "\"\\$`\n".indexOf(command.charAt(j + 1)) >= 0) {
            word.append(command.charAt(++j));
          } else {
            word.append(d);
          }
        }
        i = j;
        inWord = true;
      } else if (c == '\\' && i + 1 < command.length()) {
        word.append(command.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) words.add(word.toString());
        word.setLength(0);
        inWord = false;
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) words.add(word.toString());
    return words;
  }
}
