package org.tem.examples.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes to a file atomically (temporary file, then move) or to stdout for {@code -}. */
final class Output {
    private Output() {
    }

    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    static void write(String target, Writer writer) throws IOException {
        if (target == null || target.equals("-")) {
            writer.write(System.out);
            System.out.flush();
            return;
        }
        Path file = Path.of(target).toAbsolutePath();
        Path parent = file.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
