"""Run Neo4j Community 5.26 LTS from its Maven Central jars, on loopback, as a child process.

`install` resolves the jars with Maven (graph/local/pom.xml) and records their class path;
`start` writes a neo4j.conf, launches `org.neo4j.server.CommunityEntryPoint` detached and
waits until Bolt answers; `stop` ends exactly the process named in the pid file.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from crosswalk import PROJECT_ROOT
from crosswalk.errors import Neo4jRuntimeError

POM = PROJECT_ROOT / "graph" / "local" / "pom.xml"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
# The JVM flags Neo4j's own launcher passes on Java 17.
JVM_FLAGS = [
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-XX:+UseG1GC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Dfile.encoding=UTF-8",
]


def neo4j_version() -> str:
    """The Neo4j version pinned in the pom."""
    match = re.search(r"<neo4j.version>([^<]+)</neo4j.version>", POM.read_text())
    assert match, f"{POM} has no <neo4j.version>"
    return match.group(1)


def java_major_version(java: str) -> int:
    """Major version of the `java` executable, or 0 if it does not run."""
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30).stderr
    except (OSError, subprocess.TimeoutExpired):
        return 0
    match = re.search(r'version "(\d+)', out)
    return int(match.group(1)) if match else 0


def find_java() -> str:
    """JAVA_HOME's java, else the one on PATH; Neo4j 5.26 needs Java 17 or 21."""
    candidates = []
    if os.environ.get("JAVA_HOME"):
        candidates.append(str(Path(os.environ["JAVA_HOME"]) / "bin" / "java"))
    if shutil.which("java"):
        candidates.append(shutil.which("java"))
    for java in candidates:
        if java_major_version(java) in (17, 21):
            return java
    raise Neo4jRuntimeError("no Java 17 or 21 found", "install openjdk-17-jre-headless or set JAVA_HOME")


def _mebibytes(size: str) -> int:
    """`512m` or `2g` (the heap settings' pattern) in MiB."""
    return int(size[:-1]) * (1024 if size[-1] == "g" else 1)


@dataclass
class Status:
    pid: int | None
    running: bool
    answering: bool
    uri: str

    def describe(self) -> str:
        if self.running and self.answering:
            return f"running (pid {self.pid}), Bolt answers at {self.uri}"
        if self.running:
            return f"process {self.pid} is running but Bolt does not answer at {self.uri}"
        return "stopped"


class LocalNeo4j:
    """One local Neo4j server: its files live under `home`, Bolt on 127.0.0.1:`port`."""

    def __init__(self, home: Path, port: int = 7687, heap: str = "1g", pagecache: str = "128m",
                 password: str | None = None, classpath_dir: Path | None = None):
        if password is not None and len(password) < 8:
            raise Neo4jRuntimeError("NEO4J_PASSWORD must have at least 8 characters for the local Neo4j")
        self.home = Path(home).resolve()
        self.classpath_dir = Path(classpath_dir or home).resolve()
        self.port = port
        self.heap = heap
        self.pagecache = pagecache
        self.password = password
        self.version = neo4j_version()

    # -- files -------------------------------------------------------------
    @property
    def classpath_file(self) -> Path:
        return self.classpath_dir / f"neo4j-{self.version}.classpath"

    @property
    def pid_file(self) -> Path:
        return self.home / "neo4j.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "logs" / "neo4j.log"

    @property
    def console_file(self) -> Path:
        return self.home / "logs" / "console.log"

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    # -- install -----------------------------------------------------------
    def installed(self) -> bool:
        """True when the class path is recorded and every jar on it still exists."""
        if not self.classpath_file.exists():
            return False
        jars = [j for j in self.classpath_file.read_text().strip().split(os.pathsep) if j]
        return bool(jars) and all(j.endswith(".jar") and Path(j).is_file() for j in jars)

    def install(self) -> None:
        """Resolve the Neo4j jars from Maven Central (once) and record their class path."""
        if self.installed():
            return
        mvn = shutil.which("mvn")
        if not mvn:
            raise Neo4jRuntimeError("Maven (mvn) is not installed", "install it with `apt-get install maven`")
        self.classpath_dir.mkdir(parents=True, exist_ok=True)
        cmd = [mvn, "-q", "-B", "-f", str(POM), "dependency:build-classpath",
               f"-Dmdep.outputFile={self.classpath_file}", "-Dmdep.includeScope=runtime"]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0 or not self.installed():
            self.classpath_file.unlink(missing_ok=True)
            tail = (result.stdout + result.stderr).strip()[-2000:]
            raise Neo4jRuntimeError(f"Maven could not resolve Neo4j {self.version}:\n{tail}", "check access to Maven Central")

    # -- run ---------------------------------------------------------------
    def write_config(self) -> Path:
        """Write conf/neo4j.conf: loopback Bolt only, no HTTP, small memory."""
        conf_dir = self.home / "conf"
        conf_dir.mkdir(parents=True, exist_ok=True)
        settings = {
            "server.directories.data": self.home / "data",
            "server.directories.logs": self.home / "logs",
            "server.directories.run": self.home / "run",
            "server.directories.plugins": self.home / "plugins",
            "server.directories.import": self.home / "import",
            "server.default_listen_address": "127.0.0.1",
            "server.default_advertised_address": "127.0.0.1",
            "server.bolt.enabled": "true",
            "server.bolt.listen_address": f"127.0.0.1:{self.port}",
            "server.bolt.advertised_address": f"127.0.0.1:{self.port}",
            "server.http.enabled": "false",
            # No keep-alive NOOPs, hence no `connection.recv_timeout_seconds` hint: with it the asyncio
            # driver (on Python 3.11) wraps every socket read in a task with a timeout, ~18% of the
            # server's CPU on a coverage question. The server's calls are bounded by graph/run.py's
            # AsyncRunner (the time limit plus a second); the CLI's blocking ones by Neo4j's transaction
            # timeout only, so a frozen (not crashed) local Neo4j would keep them waiting.
            "server.bolt.connection_keep_alive_for_requests": "OFF",
            "server.https.enabled": "false",
            "dbms.security.auth_enabled": "true" if self.password else "false",
            "server.memory.pagecache.size": self.pagecache,
            # All transactions together may use 5/8 of the heap: a fixed 256 MiB made concurrent
            # sharedControls reads fail (MemoryPoolOutOfMemoryError) with a larger heap to spare.
            "dbms.memory.transaction.total.max": f"{_mebibytes(self.heap) * 5 // 8}m",
            "db.tx_log.rotation.retention_policy": "2 files",
            "dbms.usage_report.enabled": "false",
        }
        conf = conf_dir / "neo4j.conf"
        conf.write_text("# Written by `crosswalk neo4j start`; edits are overwritten.\n"
                        + "".join(f"{k}={v}\n" for k, v in settings.items()))
        return conf

    def read_pid(self) -> int | None:
        try:
            return int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None

    def _is_our_process(self, pid: int) -> bool:
        """The pid is alive and is a Neo4j started from this home (guards against pid reuse)."""
        try:
            args = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            return False
        return ENTRY_POINT in args and f"--config-dir={self.home / 'conf'}" in args

    def _bolt_answers(self, timeout: float = 2.0) -> bool:
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, DriverError, Neo4jError

        auth = ("neo4j", self.password) if self.password else None
        try:
            with GraphDatabase.driver(self.uri, auth=auth, connection_timeout=timeout) as driver:
                driver.verify_connectivity()
            return True
        except AuthError:
            return True  # answering, but the password is not set yet
        except (DriverError, Neo4jError, OSError):
            return False

    def status(self) -> Status:
        pid = self.read_pid()
        running = pid is not None and self._is_our_process(pid)
        return Status(pid if running else None, running, running and self._bolt_answers(), self.uri)

    def start(self, timeout: float = 120.0) -> Status:
        """Start the server (installing it if needed) and wait until Bolt answers."""
        current = self.status()
        if current.running:
            if not current.answering:
                self._wait_for_bolt(current.pid, timeout)
            self._secure()
            return self.status()
        self._check_port_free()
        self.install()
        java = find_java()
        conf = self.write_config()
        (self.home / "logs").mkdir(parents=True, exist_ok=True)
        classpath = self.classpath_file.read_text().strip()
        cmd = [java, "-Xms128m", f"-Xmx{self.heap}", *JVM_FLAGS, "-cp", classpath, ENTRY_POINT,
               f"--home-dir={self.home}", f"--config-dir={conf.parent}"]
        with open(self.console_file, "ab") as console:
            # posix_spawn rather than Popen: the server outlives this process, so nothing
            # should own it; setsid gives it a session of its own (no terminal signals).
            pid = os.posix_spawn(cmd[0], cmd, os.environ, setsid=True, file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                (os.POSIX_SPAWN_DUP2, console.fileno(), 1),
                (os.POSIX_SPAWN_DUP2, console.fileno(), 2),
            ])
        self.pid_file.write_text(str(pid))
        try:
            self._wait_for_bolt(pid, timeout)
            self._secure()
        except BaseException:  # a server we cannot use is not left running
            self.stop()
            raise
        return self.status()

    def _secure(self) -> None:
        from neo4j.exceptions import Neo4jError

        if not self.password:
            return
        try:
            self._set_initial_password()
        except Neo4jError as exc:
            raise Neo4jRuntimeError(f"could not set the Neo4j password: {exc.message}",
                                    "was this data directory created with another password? use it, or a new CROSSWALK_HOME") from exc

    def _check_port_free(self) -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", self.port))
            except OSError:
                raise Neo4jRuntimeError(f"port {self.port} on 127.0.0.1 is already in use",
                                        "stop what holds it or set CROSSWALK_NEO4J_PORT") from None

    def _wait_for_bolt(self, pid: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self._is_alive(pid):
                self.pid_file.unlink(missing_ok=True)
                raise Neo4jRuntimeError(f"Neo4j exited while starting:\n{self._log_tail()}", f"see {self.log_file}")
            if self._bolt_answers():
                return
            time.sleep(0.5)
        raise Neo4jRuntimeError(f"Neo4j (pid {pid}) did not answer on {self.uri} within {timeout:.0f}s:\n{self._log_tail()}",
                                "run `crosswalk neo4j stop` and look at the log")

    def _set_initial_password(self) -> None:
        """With auth on, replace the built-in initial password 'neo4j' by ours, once."""
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError

        try:
            with GraphDatabase.driver(self.uri, auth=("neo4j", self.password)) as driver:
                driver.verify_connectivity()
                return  # already set
        except AuthError:
            pass
        with GraphDatabase.driver(self.uri, auth=("neo4j", "neo4j")) as driver:
            driver.execute_query("ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
                                 old="neo4j", new=self.password, database_="system")

    def _log_tail(self, lines: int = 15) -> str:
        text = ""
        for path in (self.console_file, self.log_file):
            if path.exists():
                text += "".join(path.read_text(errors="replace").splitlines(keepends=True)[-lines:])
        return text.strip()

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the server named in the pid file; True if one was running."""
        pid = self.read_pid()
        if pid is None or not self._is_our_process(pid):
            self.pid_file.unlink(missing_ok=True)
            return False
        for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 10.0)):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                break
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline and self._is_alive(pid):
                time.sleep(0.2)
            if not self._is_alive(pid):
                break
        else:
            raise Neo4jRuntimeError(f"Neo4j (pid {pid}) did not exit even after SIGKILL")
        self.pid_file.unlink(missing_ok=True)
        return True

    @staticmethod
    def _is_alive(pid: int) -> bool:
        try:
            os.waitpid(pid, os.WNOHANG)  # reap it if it is our own child
        except ChildProcessError:
            pass
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split()[2]
        except OSError:
            return False
        return state != "Z"
