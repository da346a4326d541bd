package faultline.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faultline lsp} as an editor runs it: a separate JVM ({@code faultline.cli.Main lsp} on this module's test
 * class path, so the real front-end, analysis and rules), spoken to over its stdin/stdout with Content-Length
 * framing. Lives in the rules module because only here are the rules on the class path.
 */
class LanguageServerProcessTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path workspace;
  private Process server;

  /** The STYLE guide's example: copy_from_user() reached under a mutex through a helper. */
  private static final String DRIVER = """
      static int load_cfg(struct ctl *c, const void __user *arg)
      {
      	return copy_from_user(&c->cfg, arg, sizeof(c->cfg));
      }

      long bad_ioctl_copies_under_mutex(struct ctl *c, const void __user *arg)
      {
      	long ret;

      	mutex_lock(&c->lock);
      	ret = load_cfg(c, arg);
      	mutex_unlock(&c->lock);
      	return ret;
      }
      """;

  @AfterEach
  void stop() {
    if (server != null && server.isAlive()) server.destroyForcibly();
  }

  @Test
  void publishesTheFindingOfAnOpenedFileAndExitsCleanly() throws Exception {
    Path file = Files.createDirectories(workspace.resolve("drivers")).resolve("ctl.c");
    Files.writeString(file, DRIVER);
    String fileUri = file.toUri().toString();

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    server = new ProcessBuilder(java.toString(), "-Xss16m", "-cp", System.getProperty("java.class.path"),
        "faultline.cli.Main", "lsp")
        .redirectError(workspace.resolve("server.log").toFile())
        .start();
    OutputStream toServer = server.getOutputStream();
    BlockingQueue<JsonNode> fromServer = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> readFrames(server.getInputStream(), fromServer), "lsp-reader");
    reader.setDaemon(true);
    reader.start();

    ObjectNode initParams = JSON.createObjectNode();
    initParams.put("processId", ProcessHandle.current().pid());
    initParams.put("rootUri", workspace.toUri().toString());
    initParams.putArray("workspaceFolders").addObject().put("uri", workspace.toUri().toString()).put("name", "ws");
    initParams.putObject("capabilities");
    send(toServer, request(1, "initialize", initParams));
    JsonNode init = awaitResponse(fromServer, 1);
    assertEquals("faultline", init.at("/result/serverInfo/name").asText());
    assertTrue(init.at("/result/capabilities/textDocumentSync/openClose").asBoolean());
    send(toServer, notification("initialized", JSON.createObjectNode()));

    ObjectNode open = JSON.createObjectNode();
    open.putObject("textDocument").put("uri", fileUri).put("languageId", "c").put("version", 1).put("text", DRIVER);
    send(toServer, notification("textDocument/didOpen", open));

    JsonNode published = awaitDiagnostics(fromServer, fileUri, workspace.resolve("server.log"));
    JsonNode diagnostics = published.at("/params/diagnostics");
    assertEquals(1, diagnostics.size(), diagnostics.toString());
    JsonNode d = diagnostics.get(0);
    assertEquals("mutex-held-across-fault", d.get("code").asText());
    assertEquals("faultline", d.get("source").asText());
    assertEquals(2, d.get("severity").asInt(), "Warning: the rule's level in 'faultline rules'");
    assertEquals(10, d.at("/range/start/line").asInt(), "0-based line of 'ret = load_cfg(c, arg);'");
    assertTrue(d.get("message").asText().contains("'c->lock'"), d.toString());
    assertTrue(d.at("/codeDescription/href").asText().endsWith("/mutex-held-across-fault.md"), d.toString());
    List<Integer> relatedLines = new java.util.ArrayList<>();
    for (JsonNode r : d.get("relatedInformation")) relatedLines.add(r.at("/location/range/start/line").asInt());
    assertTrue(relatedLines.contains(9), "the mutex_lock() line is a witness step: " + relatedLines);
    assertTrue(relatedLines.contains(2), "the copy_from_user() line is a witness step: " + relatedLines);

    send(toServer, request(2, "shutdown", null));
    awaitResponse(fromServer, 2);
    send(toServer, notification("exit", null));
    assertTrue(server.waitFor(20, TimeUnit.SECONDS), "the server exits after 'exit'");
    assertEquals(0, server.exitValue());
  }

  private static ObjectNode request(int id, String method, JsonNode params) {
    ObjectNode m = notification(method, params);
    m.put("id", id);
    return m;
  }

  private static ObjectNode notification(String method, JsonNode params) {
    ObjectNode m = JSON.createObjectNode();
    m.put("jsonrpc", "2.0");
    m.put("method", method);
    if (params != null) m.set("params", params);
    return m;
  }

  private static void send(OutputStream out, JsonNode message) throws IOException {
    byte[] body = JSON.writeValueAsBytes(message);
    out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }

  private static JsonNode awaitResponse(BlockingQueue<JsonNode> in, int id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      JsonNode m = in.poll(1, TimeUnit.SECONDS);
      if (m != null && m.path("id").asInt(-1) == id && !m.has("method")) return m;
    }
    throw new AssertionError("no response to request " + id);
  }

  /** The first publishDiagnostics for {@code uri} (other files of the folder may be published too). */
  private static JsonNode awaitDiagnostics(BlockingQueue<JsonNode> in, String uri, Path log)
      throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    StringBuilder seen = new StringBuilder();
    while (System.nanoTime() < deadline) {
      JsonNode m = in.poll(1, TimeUnit.SECONDS);
      if (m == null) continue;
      seen.append(m.path("method").asText()).append(' ');
      if ("window/logMessage".equals(m.path("method").asText())) seen.append(m.at("/params/message").asText()).append(' ');
      if ("textDocument/publishDiagnostics".equals(m.path("method").asText())
          && sameFile(uri, m.at("/params/uri").asText())) {
        return m;
      }
    }
    throw new AssertionError("no diagnostics for " + uri + "; received: " + seen + "; server stderr: " + Files.readString(log));
  }

  private static boolean sameFile(String a, String b) {
    return Path.of(java.net.URI.create(a)).equals(Path.of(java.net.URI.create(b)));
  }

  /** Content-Length framed JSON-RPC messages, until the stream ends. */
  private static void readFrames(InputStream in, BlockingQueue<JsonNode> out) {
    try {
      while (true) {
        int length = -1;
        String header;
        while (!(header = readLine(in)).isEmpty()) {
          if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
            length = Integer.parseInt(header.substring("content-length:".length()).strip());
          }
        }
        assertFalse(length < 0, "frame without Content-Length");
        byte[] body = in.readNBytes(length);
        if (body.length < length) return;
        JsonNode message = JSON.readTree(body);
        assertNotNull(message);
        out.add(message);
      }
    } catch (IOException | RuntimeException e) {
      // Stream closed: the server exited.
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') break;
      if (c != '\r') line.write(c);
    }
    if (c == -1 && line.size() == 0) throw new IOException("end of stream");
    return line.toString(StandardCharsets.US_ASCII);
  }
}
