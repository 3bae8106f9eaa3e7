/*
 * Copyright 2026 the kserve-auth authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.kserveauth.samples;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code client} command: exit codes, token providers chosen from options, V1 and V2 calls over HTTP. */
class ClientCommandTest {

  private static final List<String> AUTHORIZATION = new CopyOnWriteArrayList<>();
  private static ServletPredictor predictor;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws Exception {
    Filter recordToken = (req, resp, chain) -> {
      AUTHORIZATION.add(String.valueOf(((HttpServletRequest) req).getHeader("Authorization")));
      chain.doFilter(req, resp);
    };
    predictor = ServletPredictor.start("127.0.0.1", 0, recordToken, new ModelServer(List.of("iris"), null));
  }

  @AfterAll
  static void stop() throws Exception {
    predictor.close();
  }

  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private String url() {
    return "http://127.0.0.1:" + predictor.port();
  }

  private Path tokenFile(String token) throws Exception {
    Path f = dir.resolve("token");
    Files.writeString(f, token + "\n");
    return f;
  }

  @Test
  void v1PredictWithATokenFilePrintsTheResponseAndSendsTheToken() throws Exception {
    AUTHORIZATION.clear();
    Run r = run("client", "--url", url(), "--model", "iris", "--token-file", tokenFile("opaque-token-1").toString(),
        "--data", "{\"instances\": [[6.8, 2.8, 4.8, 1.4]]}");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().replaceAll("\\s", "")).contains("\"predictions\":[1]");
    assertThat(AUTHORIZATION).containsExactly("Bearer opaque-token-1");
  }

  @Test
  void v2InferConvertsTheJsonTensors() throws Exception {
    Run r = run("client", "--url", url(), "--model", "iris", "--protocol", "v2",
        "--token-file", tokenFile("t").toString(), "--data",
        "{\"id\": \"7\", \"inputs\": [{\"name\": \"input-0\", \"shape\": [2, 4], \"datatype\": \"FP32\","
            + " \"data\": [[5.1, 3.5, 1.4, 0.2], [7.7, 3.0, 6.1, 2.3]]}]}");
    assertThat(r.code()).as(r.err()).isZero();
    String compact = r.out().replaceAll("\\s", "");
    assertThat(compact).contains("\"id\":\"7\"").contains("\"data\":[0,2]").contains("\"model_name\":\"iris\"");
  }

  @Test
  void aServerErrorIsPrintedAndExitsOne() throws Exception {
    Run r = run("client", "--url", url(), "--model", "nope", "--token-file", tokenFile("t").toString(),
        "--data", "{\"instances\": [[1, 2, 3, 4]]}");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("404").contains("Model with name nope does not exist.");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void theClientSampleCallsV1AndV2() {
    dev.kserveauth.client.KServeClient client = dev.kserveauth.client.KServeClient.builder()
        .baseUrl(url()).tokenProvider(dev.kserveauth.client.TokenProvider.ofStatic("sample-token")).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ClientSample.run(client, "iris", new PrintStream(out, true, StandardCharsets.UTF_8))).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("V1 predictions: [1]").contains("V2 outputs: [1]");
    assertThat(ClientSample.run(client, "missing", new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8))).as("a 404 is not swallowed").isEqualTo(1);
  }

  @Test
  void usageErrorsExitTwo() throws Exception {
    List<String[]> bad = new ArrayList<>();
    bad.add(new String[] {"client", "--url", url(), "--model", "iris", "--data", "{}"});  // no token provider
    bad.add(new String[] {"client", "--url", url(), "--model", "iris", "--data", "{}", "--token-file", "f",
        "--token-request"});                                                            // two providers
    bad.add(new String[] {"client", "--url", url(), "--model", "iris", "--protocol", "v3", "--data", "{}",
        "--token-file", "f"});
    bad.add(new String[] {"client", "--url", url(), "--model", "iris", "--data", "not json", "--token-file", "f"});
    bad.add(new String[] {"client", "--url", url(), "--model", "iris", "--data", "{}", "--client-id", "a",
        "--client-secret", "b"});                                                       // no token url / issuer
    bad.add(new String[] {"client", "--model", "iris", "--data", "{}", "--token-file", "f"}); // no url
    bad.add(new String[] {"client", "--bogus"});
    bad.add(new String[] {"nonsense"});
    bad.add(new String[] {});
    for (String[] args : bad) {
      Run r = run(args);
      assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
      assertThat(r.err()).contains("usage:");
    }
  }
}
