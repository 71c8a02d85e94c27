import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createCodeGrader, type GradeCodeOptions } from "../../../../src/engines/verify/code/index.js";
import { hostileHost } from "./hostile-host.js";

// The hostile suite's threats as compiled programs: one program per language, each test's input picks a
// threat, so the program is compiled once (the JVM is slow to start: Java gets two threats).
const LIMITS: GradeCodeOptions = { timeLimitS: 1, memoryLimitMb: 256, outputLimitBytes: 1 << 20, maxProcesses: 32 };
const host = hostileHost("rungs-hostile-compiled-");
const TARGETS = [join(host.dir, "marker"), "/usr/marker", "/marker", "/var/tmp/marker", "/opt/rungs/marker"];

const cppThreats = () => `#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
static bool fileHas(const char* path, const char* needle) {
  FILE* f = fopen(path, "rb"); if (!f) return false;
  static char buf[1 << 16]; size_t n = fread(buf, 1, sizeof buf - 1, f); fclose(f); buf[n] = 0;
  for (size_t i = 0; i < n; i++) if (buf[i] == 0) buf[i] = ' ';
  return strstr(buf, needle) != nullptr;
}
int main() {
  char mode[32] = {0};
  if (scanf("%31s", mode) != 1) return 1;
  std::string m(mode);
  if (m == "net") {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{}; a.sin_family = AF_INET; a.sin_port = htons(${host.port}); inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    puts(s >= 0 && connect(s, (sockaddr*) &a, sizeof a) == 0 ? "connected" : "clean");
  } else if (m == "write") {
    const char* targets[] = {${TARGETS.map((t) => JSON.stringify(t)).join(", ")}};
    bool wrote = false;
    for (const char* t : targets) { int fd = open(t, O_WRONLY | O_CREAT, 0644); if (fd >= 0) { wrote = true; close(fd); } }
    int ok = open("/tmp/allowed.txt", O_WRONLY | O_CREAT, 0644);
    puts(!wrote && ok >= 0 ? "clean" : "wrote");
  } else if (m == "read") {
    bool found = getenv("HF_TOKEN") != nullptr;
    char parent[64]; snprintf(parent, sizeof parent, "/proc/%d/environ", (int) getppid());
    const char* paths[] = {"${host.secretFile}", "/proc/1/environ", parent, "/etc/shadow"};
    for (const char* p : paths) found = found || fileHas(p, "${host.secret}");
    puts(found ? "found" : "clean");
  } else if (m == "harness") {
    const char* fake = "{\\"i\\": 0, \\"status\\": \\"ok\\", \\"exit\\": 0, \\"signal\\": 0, \\"wall\\": 0, \\"stderr\\": \\"\\", \\"stdout\\": \\"clean\\", \\"utf8\\": true}\\n";
    char path[64]; snprintf(path, sizeof path, "/proc/%d/fd/3", (int) getppid());
    const char* paths[] = {path, "/proc/1/fd/1", "/proc/1/fd/3"};
    for (const char* p : paths) { int fd = open(p, O_WRONLY); if (fd >= 0) { if (write(fd, fake, strlen(fake)) < 0) {} close(fd); } }
    if (write(3, fake, strlen(fake)) < 0) {}
    char mem[64]; snprintf(mem, sizeof mem, "/proc/%d/mem", (int) getppid());
    puts(open(mem, O_RDONLY) >= 0 ? "read-harness-memory" : "forged");
  } else if (m == "daemon") {
    if (fork() == 0) { setsid(); if (fork() == 0) execl("/bin/sh", "sh", "-c", "sleep 60; : ${host.tag}", (char*) nullptr); _exit(0); }
    puts("clean");
  } else if (m == "forkbomb") {
    for (;;) fork();
  }
}`;

const javaThreats = () => `import java.io.*;
import java.net.*;
import java.nio.file.*;
public class Threats {
  public static void main(String[] args) throws Exception {
    String mode = new BufferedReader(new InputStreamReader(System.in)).readLine().trim();
    if (mode.equals("net")) {
      boolean connected = false;
      try (Socket s = new Socket()) { s.connect(new InetSocketAddress("127.0.0.1", ${host.port}), 500); connected = true; } catch (IOException e) { }
      System.out.println(connected ? "connected" : "clean");
    } else {
      boolean bad = System.getenv("HF_TOKEN") != null;
      try { bad |= new String(Files.readAllBytes(Paths.get("${host.secretFile}"))).contains("${host.secret}"); } catch (IOException e) { }
      for (String t : new String[] {${TARGETS.map((t) => JSON.stringify(t)).join(", ")}}) {
        try (FileOutputStream out = new FileOutputStream(t)) { bad = true; } catch (IOException e) { }
      }
      try { Runtime.getRuntime().exec(new String[] {"/bin/sh", "-c", "sleep 60; : ${host.tag}"}); } catch (IOException e) { }
      System.out.println(bad ? "escaped" : "clean");
    }
  }
}`;

describe("hostile compiled programs are contained (warm sandbox)", () => {
  const grader = createCodeGrader({ concurrency: 1, defaults: LIMITS });
  afterAll(() => grader.close());

  it("C++: no network, no writes outside scratch, no secrets, no forged results, no daemons, a fork bomb stays in", async () => {
    const modes = ["net", "write", "read", "harness", "daemon", "forkbomb"];
    const expected = ["clean", "clean", "clean", "clean", "clean", "clean"];
    const before = host.connections;
    const r = await grader.grade({ inputs: modes, outputs: expected }, "```cpp\n" + cppThreats() + "\n```");
    expect(r.error).toBeUndefined();
    expect(r.verdicts.slice(0, 3)).toEqual(["passed", "passed", "passed"]);
    expect(r.verdicts[3]).toBe("wrong_answer"); // printed "forged": the fake record never reached the host
    expect(r.verdicts[4]).toBe("passed");
    expect(r.verdicts[5]).not.toBe("passed");
    expect(host.connections).toBe(before);
    for (const t of TARGETS) expect(existsSync(t)).toBe(false);
    expect(host.leftovers()).toEqual([]);
    expect((await grader.grade({ inputs: ["2 3"], outputs: ["5"] }, "```cpp\n#include <cstdio>\nint main(){int a,b;scanf(\"%d%d\",&a,&b);printf(\"%d\",a+b);}\n```")).verdicts).toEqual(["passed"]);
  });

  // Also the Java grading test: a public class not named Main, compiled once, two tests from its classes.
  it("Java: no network; no secrets, writes or daemons", async () => {
    const before = host.connections;
    const r = await grader.grade({ inputs: ["net\n", "files\n"], outputs: ["clean", "clean"] }, "```java\n" + javaThreats() + "\n```");
    expect(r.error).toBeUndefined();
    expect(r).toMatchObject({ verdicts: ["passed", "passed"], language: "java", compile: "built" });
    expect(host.connections).toBe(before);
    for (const t of TARGETS) expect(existsSync(t)).toBe(false);
    expect(host.leftovers()).toEqual([]);
  });
});
