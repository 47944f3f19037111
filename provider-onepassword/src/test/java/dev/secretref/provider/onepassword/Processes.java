package dev.secretref.provider.onepassword;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Whether a process has ended (a zombie waiting for its reaper counts as ended). */
final class Processes {
    private Processes() { }

    /** Polls up to 5 s for {@code pid} to be gone; true when it is. */
    static boolean awaitGone(long pid) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (gone(pid)) return true;
            Thread.sleep(50);
        }
        return gone(pid);
    }

    static boolean gone(long pid) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) return true;
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && stat.length() > close + 2 && stat.charAt(close + 2) == 'Z';
        } catch (IOException e) {
            return true;   // no /proc entry: gone
        }
    }
}
