package org.tem.evm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on a loopback port of its own that forwards each connection to a node's current
 * port: the stable address a test gives its clients while it stops a node and starts it again on a
 * new port (the old port is given back to the operating system and may be taken by any other
 * process meanwhile; the relay never connects to it again). While the node is {@link #down()}, a
 * connection is accepted and closed at once, as a client sees a node that is restarting.
 *
 * <p>Thread-safe; one daemon thread accepts, two per connection copy bytes.
 */
final class LoopbackRelay implements AutoCloseable {
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    /** The node's port, or -1 while it is down; guarded by {@code this} with the connecting of upstreams. */
    private int target;

    /**
     * Listens on a port the operating system chooses.
     *
     * @param target the port to forward to
     * @throws IllegalStateException when no port can be bound
     */
    LoopbackRelay(int target) {
        this.target = target;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("relay: " + e.getMessage(), e);
        }
        Thread accept = new Thread(this::accept, "relay-accept-" + server.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    /** @return the relay's JSON-RPC URL (for a node that speaks HTTP) */
    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /**
     * Refuses new connections and drops the open ones, until {@link #up(int)}: call it before
     * stopping the node. Once it returns, no connection to the old port is open or will be opened.
     */
    synchronized void down() {
        target = -1;
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    /**
     * Forwards new connections to this port from now on.
     *
     * @param port the node's new port
     */
    synchronized void up(int port) {
        target = port;
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            Socket upstream = connect(client);
            if (upstream == null) {
                closeQuietly(client);
                continue;
            }
            pump(client, upstream);
            pump(upstream, client);
        }
    }

    /** @return a connection to the node's current port, registered with the client's, or null while it is down */
    private synchronized Socket connect(Socket client) {
        if (target < 0) {
            return null;
        }
        try {
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
            sockets.add(client);
            sockets.add(upstream);
            return upstream;
        } catch (IOException e) {
            return null;
        }
    }

    /** Copies bytes from one socket to the other until either end closes, then closes both. */
    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16_384];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one end closed: the connection is over
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** Stops accepting and drops every connection. */
    @Override
    public void close() {
        down();
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
